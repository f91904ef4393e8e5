package io.hpcorchestrator.client;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.client.load.InferenceClient;
import io.hpcorchestrator.security.AuditConfiguration;
import io.hpcorchestrator.security.OutboundToken;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@Import(AuditConfiguration.class)
class ClientConfiguration {

    /**
     * The server's services API, where benchmark targets given as service ids are resolved, called with this
     * service's own token. Only this client carries it: the load generator talks to deployed services, which must
     * never learn it.
     */
    @Bean
    ServerApiClient serverApiClient(ClientProperties properties, OutboundToken token) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.server().timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.server().timeout());
        return ServerApiClient.create(token.apply(RestClient.builder().baseUrl(properties.server().url().toString()).requestFactory(requests)).build());
    }

    /** The load generator's HTTP client, shared by the benchmarks (they run one at a time). */
    @Bean(destroyMethod = "close")
    InferenceClient inferenceClient(ClientProperties properties) {
        return properties.httpThreads() > 0 ? new InferenceClient(properties.httpThreads()) : InferenceClient.forThisMachine();
    }
}
