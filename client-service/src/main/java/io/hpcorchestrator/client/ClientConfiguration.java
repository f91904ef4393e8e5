package io.hpcorchestrator.client;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.client.load.InferenceClient;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    /** The server's services API, where benchmark targets given as service ids are resolved. */
    @Bean
    ServerApiClient serverApiClient(ClientProperties properties) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.server().timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.server().timeout());
        return ServerApiClient.create(RestClient.builder().baseUrl(properties.server().url().toString()).requestFactory(requests).build());
    }

    /** The load generator's HTTP client, shared by the benchmarks (they run one at a time). */
    @Bean(destroyMethod = "close")
    InferenceClient inferenceClient(ClientProperties properties) {
        return properties.httpThreads() > 0 ? new InferenceClient(properties.httpThreads()) : InferenceClient.forThisMachine();
    }
}
