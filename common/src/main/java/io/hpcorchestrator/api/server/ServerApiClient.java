package io.hpcorchestrator.api.server;

import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The server's services API, read-only. Errors surface as Spring's {@code RestClientException}s: an unknown id
 * is {@link HttpClientErrorException.NotFound}, an unreachable server a {@code ResourceAccessException}.
 */
@HttpExchange("/api/v1/services")
public interface ServerApiClient {

    /** The most the server returns in one page. */
    int MAX_PAGE_SIZE = 1000;

    /** One page of services, newest first. */
    @GetExchange
    List<ServiceSummary> listServices(@RequestParam("limit") int limit, @RequestParam("offset") int offset);

    /** A service by its id ({@code svc-...}) or its SLURM job id. */
    @GetExchange("/{id}")
    ServiceSummary getService(@PathVariable("id") String id);

    /**
     * The RUNNING services with a metrics path, as Prometheus HTTP service-discovery target groups. Their
     * {@code __address__} is the server as this client reached it (its {@code Host}), unless the server is configured
     * with another.
     */
    @GetExchange("/targets")
    List<TargetGroup> targets();

    /**
     * A client on {@code restClient}, whose base URL is the server's ({@code http://127.0.0.1:8001}). The records
     * name their JSON fields themselves, so any Jackson 3 converter reads them.
     */
    static ServerApiClient create(RestClient restClient) {
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient)).build().createClient(ServerApiClient.class);
    }
}
