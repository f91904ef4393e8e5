package io.hpcorchestrator.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class GatewayObservationsTest {

    private final ObservationPredicate predicate = new GatewayObservations().gatewayRoutesNotObserved();

    @Test
    void theOpenAiRoutesAreNotObservedAndTheRestOfTheApiIs() {
        assertThat(predicate.test("http.server.requests", request("/v1/completions"))).isFalse();
        assertThat(predicate.test("http.server.requests", request("/v1/chat/completions"))).isFalse();
        assertThat(predicate.test("http.server.requests", request("/api/v1/vllm/svc-1/prompt"))).isTrue();
        assertThat(predicate.test("http.server.requests", request("/api/v1/services"))).isTrue();
    }

    private static ServerRequestObservationContext request(String uri) {
        return new ServerRequestObservationContext(new MockHttpServletRequest("POST", uri), new MockHttpServletResponse());
    }
}
