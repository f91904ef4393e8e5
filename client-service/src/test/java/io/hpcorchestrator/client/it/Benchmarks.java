package io.hpcorchestrator.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.client.testing.Api;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Starting benchmarks through the API and waiting for them, as the ITs do it. */
final class Benchmarks {

    private final Api api;

    Benchmarks(Api api) {
        this.api = api;
    }

    String start(String body) {
        JsonNode created = api.expect(201, "POST", "/api/v1/benchmarks", body);
        assertThat(created.get("status").asString()).isIn("PENDING", "RUNNING");
        return created.get("id").asString();
    }

    /** Waits until the benchmark has ended and returns its view. */
    JsonNode awaitEnd(String id, Duration atMost) {
        JsonNode[] view = new JsonNode[1];
        await("benchmark " + id + " ended").atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            view[0] = api.expect(200, "GET", "/api/v1/benchmarks/" + id, null);
            assertThat(view[0].get("status").asString()).isIn("COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED");
        });
        return view[0];
    }

    JsonNode results(String id) {
        return api.expect(200, "GET", "/api/v1/benchmarks/" + id + "/results", null);
    }

    /** Runs to the end, which must be COMPLETED, and returns the results. */
    JsonNode run(String body, Duration atMost) {
        String id = start(body);
        JsonNode view = awaitEnd(id, atMost);
        assertThat(view.get("status").asString()).as("reason: %s", view.get("reason")).isEqualTo("COMPLETED");
        return results(id);
    }
}
