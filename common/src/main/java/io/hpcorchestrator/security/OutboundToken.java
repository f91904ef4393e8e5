package io.hpcorchestrator.security;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * The token this service presents when it calls another service of the suite ({@code HPC_SERVICE_TOKEN}). Applied
 * to the clients that talk to the suite only, never to deployed services, which must not learn it.
 */
public record OutboundToken(String token) {

    public RestClient.Builder apply(RestClient.Builder builder) {
        if (token == null || token.isBlank()) {
            return builder;
        }
        return builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
    }

    @Override
    public String toString() {
        return "OutboundToken[" + (token == null || token.isBlank() ? "none" : "set") + "]";
    }
}
