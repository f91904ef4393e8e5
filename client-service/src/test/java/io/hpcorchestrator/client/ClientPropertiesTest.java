package io.hpcorchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {

    private static ClientProperties allowing(String... urls) {
        return new ClientProperties(null, null, 4096, 0, null, null, List.of(urls));
    }

    @Test
    void aStarAllowsAnyUrl() {
        assertThat(allowing("*").allowsUrlTarget("http://anything.example:1234/x")).isTrue();
    }

    @Test
    void anAllowedUrlCoversItselfAndThePathsBelowIt() {
        ClientProperties properties = allowing("http://127.0.0.1:8001/", "https://Login.Example/serving");
        assertThat(List.of("http://127.0.0.1:8001", "http://127.0.0.1:8001/v1", "https://login.example/serving",
                "https://login.example:443/serving/a", "HTTPS://LOGIN.EXAMPLE/serving/v1")).allMatch(properties::allowsUrlTarget);
        assertThat(List.of("http://127.0.0.1:8002", "https://127.0.0.1:8001", "http://localhost:8001", "https://login.example/servingx",
                "https://login.example/other", "http://login.example/serving", "https://login.example:8443/serving"))
                .noneMatch(properties::allowsUrlTarget);
    }

    @Test
    void nothingIsAllowedByAnEmptyList() {
        assertThat(allowing().allowsUrlTarget("http://127.0.0.1:8001")).isFalse();
    }
}
