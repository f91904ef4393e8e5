package io.hpcorchestrator.server.gateway;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client for deployed services. Classic (blocking) Apache HttpClient, so a request is sent and its
 * answer copied on the Tomcat request thread itself: no hand-off to selector or worker threads, which cost
 * the JDK client about half of the gateway's CPU (docs/gateway.md, "Performance").
 */
@Configuration(proxyBeanMethods = false)
class GatewayHttp {

    /**
     * Every request thread may hold a connection to a service; the catalog's refresh thread one more. A pool
     * smaller than that would make requests wait for each other.
     */
    @Bean(destroyMethod = "close")
    CloseableHttpClient gatewayHttpClient(GatewayProperties properties, @Value("${server.tomcat.threads.max:200}") int requestThreads) {
        int connections = requestThreads + 1;
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(connections)
                        .setMaxConnTotal(connections)
                        // Server-sent events are small writes: Nagle would hold each one back for the previous ACK.
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                // Services close idle keep-alive connections (vLLM after 5 s): check a pooled one
                                // that has been idle before sending on it, since a failed POST is not retried.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(properties.requestTimeout())).build())
                // A POST is not safe to repeat (it would generate twice), and answers pass through as they are.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .build();
    }
}
