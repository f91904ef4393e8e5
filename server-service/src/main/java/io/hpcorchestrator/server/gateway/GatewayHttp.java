package io.hpcorchestrator.server.gateway;

import java.net.http.HttpClient;
import org.springframework.stereotype.Component;

/**
 * The HTTP client for deployed services: HTTP/1.1 (inference servers speak it; the JDK client would otherwise
 * try an h2c upgrade on every new connection), pooled connections, no redirects.
 */
@Component
class GatewayHttp {

    private final HttpClient client;

    GatewayHttp(GatewayProperties properties) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HttpClient client() {
        return client;
    }
}
