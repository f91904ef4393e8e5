package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.monitoring.MonitoringProperties;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ServerClientConfiguration {

    @Bean
    ServerApiClient serverApiClient(MonitoringProperties properties) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.server().timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.server().timeout());
        return ServerApiClient.create(RestClient.builder().baseUrl(properties.server().url().toString()).requestFactory(requests).build());
    }
}
