package io.hpcorchestrator.client.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.load.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRecordCodecTest {

    @Test
    void recordsSurviveTheirTextWithErrorsMadeSafe() {
        List<RequestRecord> records = List.of(
                new RequestRecord(3, 0, 0, 12, 50_123, 680_456, new int[] {10_000, 0, 2_147_483_647}, 32, 64, null, null, 200),
                new RequestRecord(3, 1, 100, 100, -1, 5, new int[0], 7, 0, "http_503", "busy\tnow\nreally, \"yes\"", 503),
                new RequestRecord(3, 2, 200, 201, -1, 9, new int[0], 7, 0, "timeout", null, 0));
        List<RequestRecord> read = new ArrayList<>();
        RequestRecordCodec.decode(3, RequestRecordCodec.encode(records), read::add);
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(records.get(0));
        assertThat(read.get(1).error()).isEqualTo("busy now really, \"yes\"");
        assertThat(read.get(1).errorKind()).isEqualTo("http_503");
        assertThat(read.get(2)).usingRecursiveComparison().isEqualTo(records.get(2));
    }
}
