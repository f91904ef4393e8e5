package io.hpcorchestrator.client.clientgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.client.load.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsFileTest {

    @TempDir
    Path dir;

    @Test
    void recordsSurviveTheFileExactly() throws Exception {
        RequestRecord ok = new RequestRecord(0, 0, 10, 12, 50_000, 680_000, new int[] {10_000, 9_999}, 12, 64, null, null, 200);
        RequestRecord failed = new RequestRecord(1, 3, 20, 25, -1, 1_000, new int[0], 7, 0, "http_503", "HTTP 503: \"busy\"\n", 503);
        RecordsFile file = new RecordsFile("CANCELLED", "cancelled", "sim/model",
                List.of(new RecordsFile.Step(0, Instant.parse("2026-11-26T10:00:00.123456Z"), 5_000_000L),
                        new RecordsFile.Step(1, Instant.parse("2026-11-26T10:00:05Z"), null)), List.of(ok, failed));
        Path path = dir.resolve("records.json");
        file.write(path);
        assertThat(dir.resolve("records.json.tmp")).doesNotExist();

        RecordsFile read = RecordsFile.read(Files.readAllBytes(path));
        assertThat(read.outcome()).isEqualTo("CANCELLED");
        assertThat(read.model()).isEqualTo("sim/model");
        assertThat(read.steps()).isEqualTo(file.steps());
        assertThat(read.requests()).hasSize(2);
        assertThat(read.requests().get(0)).usingRecursiveComparison().isEqualTo(ok);
        assertThat(read.requests().get(1)).usingRecursiveComparison().isEqualTo(failed);
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> RecordsFile.read("{\"format\": \"other\"}".getBytes())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordsFile.read("not json".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
