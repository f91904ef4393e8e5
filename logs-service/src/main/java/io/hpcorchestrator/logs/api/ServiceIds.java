package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.security.Caller;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Turns the id in a request into a service. Only two shapes are accepted, a service id ({@code svc-} and 12 hex
 * digits) or a SLURM job id; anything else, a path above all, is refused before any lookup.
 */
@Component
class ServiceIds {

    private static final Pattern SERVICE_ID = Pattern.compile("svc-[0-9a-f]{12}");
    private static final Pattern JOB_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final LogStore store;
    private final ServerApiClient server;

    ServiceIds(LogStore store, ServerApiClient server) {
        this.store = store;
        this.server = server;
    }

    static void validate(String id) {
        if (id == null || !(SERVICE_ID.matcher(id).matches() || JOB_ID.matcher(id).matches())) {
            throw new InvalidRequestException("service_id", "must be a service id (svc- and 12 hex digits) or a SLURM job id");
        }
    }

    /**
     * The service with this id or job id, if {@code caller} may read its logs. One deployed moments ago, not yet in
     * the server's listing as the collector last read it, is asked of the server: it exists, with no lines yet.
     * Another user's service is unknown, with the very answer of an unknown one, so its existence does not leak.
     */
    LoggedService resolve(String id, Caller caller) {
        LoggedService service = resolve(id);
        if (!caller.canSee(service.owner())) {
            throw new UnknownServiceException(id);
        }
        return service;
    }

    private LoggedService resolve(String id) {
        validate(id);
        Optional<LoggedService> known = SERVICE_ID.matcher(id).matches() ? store.findService(id) : store.findServiceByJobId(Long.parseLong(id));
        if (known.isPresent()) {
            return known.get();
        }
        ServiceSummary summary;
        try {
            summary = server.getService(id);
        } catch (RestClientException e) {
            throw new UnknownServiceException(id);
        }
        if (summary == null || summary.id() == null) {
            throw new UnknownServiceException(id);
        }
        return new LoggedService(summary.id(), summary.jobId(), summary.name(), summary.recipeName(), summary.status(), summary.endedAt(),
                LoggedService.COLLECTING, null, null, summary.owner());
    }
}
