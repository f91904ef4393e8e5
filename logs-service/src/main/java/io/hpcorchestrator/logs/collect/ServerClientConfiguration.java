package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.security.OutboundToken;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ServerClientConfiguration {

    /** The only client that carries this service's own token: it reads the server, never a deployed service. */
    @Bean
    ServerApiClient serverApiClient(LogsProperties properties, OutboundToken token) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.server().timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.server().timeout());
        RestClient client = token.apply(RestClient.builder()).baseUrl(properties.server().url().toString()).requestFactory(requests).build();
        return ServerApiClient.create(client);
    }
}
