package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.client.load.InferenceClient;
import io.hpcorchestrator.client.web.ConflictException;
import io.hpcorchestrator.client.web.InvalidRequestException;
import io.hpcorchestrator.client.web.UpstreamException;
import io.hpcorchestrator.security.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Turns a benchmark's target into a URL and a model: a service id through the server's API (it must be RUNNING,
 * which means its endpoint answers its readiness probe), and the model, when not given, from the target's
 * {@code /v1/models}, so a wrong target fails the request at once rather than the run later. A user may target only
 * the services they deployed (an admin any): another user's service is answered as if it did not exist; and, by
 * {@code url}, only the URLs {@code hpc.client.url-targets} allows (an admin any).
 */
@Component
public class TargetResolver {

    private final ServerApiClient server;
    private final InferenceClient client;
    private final ClientProperties properties;

    public TargetResolver(ServerApiClient server, InferenceClient client, ClientProperties properties) {
        this.server = server;
        this.client = client;
        this.properties = properties;
    }

    /** A RUNNING service of {@code caller}'s, with its endpoint. */
    public ServiceSummary runningService(String serviceId, String field, Caller caller) {
        ServiceSummary service;
        try {
            service = server.getService(serviceId);
        } catch (HttpClientErrorException.NotFound e) {
            throw unknown(serviceId, field);
        } catch (HttpClientErrorException.Unauthorized | HttpClientErrorException.Forbidden e) {
            throw new UpstreamException(503, "Server unavailable", "the server refused this service's token; HPC_SERVICE_TOKEN here must be a "
                    + "service token in the server's HPC_TOKENS");
        } catch (RestClientException e) {
            throw new UpstreamException(503, "Server unavailable", "the server's API could not be asked about service " + serviceId + ": "
                    + e.getMostSpecificCause().getClass().getSimpleName());
        }
        // Before its status is looked at: nothing about another user's service may show.
        if (!caller.isAdmin() && !caller.name().equals(service.owner())) {
            throw unknown(serviceId, field);
        }
        if (!"RUNNING".equals(service.status()) || service.endpoint() == null) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("service_id", service.id());
            properties.put("service_status", service.status());
            if (service.reason() != null) {
                properties.put("reason", service.reason());
            }
            throw new ConflictException("service " + service.id() + " is " + service.status() + ", not RUNNING with an endpoint", properties);
        }
        return service;
    }

    private static InvalidRequestException unknown(String serviceId, String field) {
        return new InvalidRequestException(field, "the server has no service " + serviceId);
    }

    /** The base URL to send to, for a service of {@code caller}'s or a URL the validator has normalised. */
    public String baseUrl(BenchmarkRequest.Target target, String normalisedUrl, Caller caller) {
        if (target.serviceId() == null) {
            // Before anything is sent there, its model list included.
            if (!caller.isAdmin() && !properties.allowsUrlTarget(normalisedUrl)) {
                throw new InvalidRequestException("target.url", "is not among the URLs users may benchmark here (hpc.client.url-targets: "
                        + String.join(", ", properties.urlTargets()) + "); target a service_id of yours instead");
            }
            return normalisedUrl;
        }
        String endpoint = runningService(target.serviceId(), "target.service_id", caller).endpoint();
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** The model given, or the first one the target lists. */
    public String model(String baseUrl, String given) {
        if (given != null) {
            return given;
        }
        try {
            return client.firstModel(baseUrl);
        } catch (IllegalStateException e) {
            throw new UpstreamException(422, "Target not usable", e.getMessage() + "; give target.model, or check the target");
        }
    }
}
