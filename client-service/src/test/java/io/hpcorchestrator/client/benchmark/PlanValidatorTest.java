package io.hpcorchestrator.client.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.client.load.DatasetSpec;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.Prompt;
import io.hpcorchestrator.client.web.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, URL normalisation and JSON Lines datasets; the 400s themselves are BenchmarkApiTests'. */
class PlanValidatorTest {

    @TempDir
    Path datasets;

    private static BenchmarkRequest request(String url, BenchmarkRequest.Dataset dataset, BenchmarkRequest.Load load) {
        return new BenchmarkRequest(null, new BenchmarkRequest.Target(null, url, null), null, null, dataset, load, null, null, null, null, null,
                null, null);
    }

    @Test
    void defaultsAreVllmsAndTheUrlLosesItsV1() {
        LoadPlan plan = new PlanValidator(null).validate(request("http://10.0.0.1:8000/v1/", null, null));
        assertThat(plan.baseUrl()).isEqualTo("http://10.0.0.1:8000");
        assertThat(plan.stream()).isTrue();
        assertThat(plan.dataset().type()).isEqualTo(DatasetSpec.Type.SYNTHETIC);
        assertThat(plan.dataset().inputLen()).isEqualTo(1024);
        assertThat(plan.dataset().outputLen()).isEqualTo(128);
        assertThat(plan.steps()).singleElement().satisfies(step -> assertThat(step.isAllAtOnce()).isTrue());
        assertThat(plan.stop().requests()).isEqualTo(1000);
        assertThat(plan.stop().warmupRequests()).isEqualTo(1);
        assertThat(plan.percentiles()).containsExactly(50.0, 90.0, 95.0, 99.0);
        assertThat(plan.temperature()).isZero();
        assertThat(plan.requestTimeoutSeconds()).isEqualTo(600);
    }

    @Test
    void aJsonLinesFileInTheDatasetsDirectoryGivesItsPrompts() throws Exception {
        Files.writeString(datasets.resolve("chat-prompts.jsonl"), "{\"prompt\": \"Hello\"}\n\n{\"prompt\": \"Tell a story\", \"output_len\": 300}\n");
        LoadPlan plan = new PlanValidator(datasets).validate(request("http://h:1",
                new BenchmarkRequest.Dataset(null, null, 32, null, null, null, null, "chat-prompts.jsonl"), null));
        assertThat(plan.dataset().type()).isEqualTo(DatasetSpec.Type.PROMPTS);
        assertThat(plan.dataset().prompts()).containsExactly(new Prompt("Hello", null), new Prompt("Tell a story", 300));
        assertThat(plan.dataset().outputLen()).isEqualTo(32);
    }

    @Test
    void badLinesAreNamedByNumberAndFilesOutsideTheDirectoryAreNotRead() throws Exception {
        Files.writeString(datasets.resolve("bad.jsonl"), "{\"prompt\": \"ok\"}\nnot json\n{\"text\": \"x\"}\n{\"prompt\": \"y\", \"output_len\": 0}\n");
        assertThatThrownBy(() -> new PlanValidator(datasets).validate(request("http://h:1",
                new BenchmarkRequest.Dataset("prompts", null, null, null, null, null, null, "bad.jsonl"), null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).extracting(error -> error.field())
                        .containsExactly("dataset.jsonl line 2", "dataset.jsonl line 3", "dataset.jsonl line 4"));
        for (String name : List.of("../secret.jsonl", "/etc/passwd", "missing.jsonl", "notes.txt")) {
            assertThatThrownBy(() -> new PlanValidator(datasets).validate(request("http://h:1",
                    new BenchmarkRequest.Dataset("prompts", null, null, null, null, null, null, name), null)))
                    .as(name).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.errors()).extracting(error -> error.field()).containsExactly("dataset.jsonl"));
        }
        assertThatThrownBy(() -> new PlanValidator(null).validate(request("http://h:1",
                new BenchmarkRequest.Dataset("prompts", null, null, null, null, null, null, "chat-prompts.jsonl"), null)))
                .hasMessageContaining("no datasets directory");
    }

    @Test
    void numericStringsAreRatesAndSweepsKeepTheirOrder() {
        LoadPlan plan = new PlanValidator(null).validate(request("https://h", null,
                new BenchmarkRequest.Load(null, List.of(1, "2.5", "inf"), 4.0, 8, null, null)));
        assertThat(plan.steps()).extracting(step -> step.label())
                .containsExactly("rate=1/s burstiness=4 max_concurrency=8", "rate=2.5/s burstiness=4 max_concurrency=8", "rate=inf max_concurrency=8");
    }
}
