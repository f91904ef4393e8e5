package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class BearerTokenFilterTest {

    private final TokenRegistry tokens = TokenRegistry.load("alice user alice-token-0123456789, prom scrape scrape-token-0123456789, logs service service-token-0123456789", null);
    private final BearerTokenFilter filter = new BearerTokenFilter(() -> tokens,
            new SecurityProperties(List.of("/actuator/prometheus", "/api/v1/prometheus/**", "/api/v1/services/*/metrics"), DataSize.ofBytes(100), null));

    private MockHttpServletResponse call(String method, String path, String token, AtomicReference<Object> caller) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                caller.set(((HttpServletRequest) req).getAttribute(BearerTokenFilter.CALLER_ATTRIBUTE));
            }
        });
        return response;
    }

    @Test
    void healthIsOpenAndEverythingElseWantsAToken() throws Exception {
        AtomicReference<Object> caller = new AtomicReference<>("not called");
        assertThat(call("GET", "/actuator/health/readiness", null, caller).getStatus()).isEqualTo(200);
        assertThat(caller.get()).isNull();

        caller.set("not called");
        MockHttpServletResponse refused = call("GET", "/api/v1/services", "wrong-token-0123456789", caller);
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.getContentAsString()).contains("\"status\":401").doesNotContain("wrong-token");
        assertThat(caller.get()).isEqualTo("not called");

        assertThat(call("GET", "/api/v1/services", "alice-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(caller.get()).isEqualTo(new Caller("alice", Role.USER));
    }

    @Test
    void theApiDescriptionIsReadWithoutATokenButNotWrittenTo() throws Exception {
        AtomicReference<Object> caller = new AtomicReference<>("not called");
        assertThat(call("GET", "/v3/api-docs", null, caller).getStatus()).isEqualTo(200);
        assertThat(caller.get()).isNull();
        assertThat(call("GET", "/swagger-ui/index.html", null, caller).getStatus()).isEqualTo(200);
        assertThat(call("POST", "/v3/api-docs", null, caller).getStatus()).isEqualTo(401);
        assertThat(call("GET", "/swagger-ui/../api/v1/services", null, caller).getStatus()).isEqualTo(401);
    }

    @Test
    void aTokenSentToAnOpenPathIsCheckedAndNamesTheCaller() throws Exception {
        AtomicReference<Object> caller = new AtomicReference<>("not called");
        assertThat(call("GET", "/v3/api-docs", "wrong-token-0123456789", caller).getStatus()).isEqualTo(401);
        assertThat(call("GET", "/v3/api-docs", "alice-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(caller.get()).isEqualTo(new Caller("alice", Role.USER));
    }

    @Test
    void theScrapeTokenReadsThePrometheusPathsOnly() throws Exception {
        AtomicReference<Object> caller = new AtomicReference<>();
        assertThat(call("GET", "/actuator/prometheus", "scrape-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/prometheus/targets", "scrape-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/services/svc-1/metrics", "scrape-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/services", "scrape-token-0123456789", caller).getStatus()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/services/svc-1/logs", "scrape-token-0123456789", caller).getStatus()).isEqualTo(403);
        assertThat(call("POST", "/actuator/prometheus", "scrape-token-0123456789", caller).getStatus()).isEqualTo(403);
    }

    @Test
    void serviceTokensOnlyRead() throws Exception {
        AtomicReference<Object> caller = new AtomicReference<>();
        assertThat(call("GET", "/api/v1/services/svc-1", "service-token-0123456789", caller).getStatus()).isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/services/svc-1", "service-token-0123456789", caller).getStatus()).isEqualTo(403);
    }

    @Test
    void aBodyAboveTheLimitIsRefusedBeforeItIsRead() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/services");
        request.addHeader("Authorization", "Bearer alice-token-0123456789");
        request.setContent(new byte[101]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(413);
    }
}
