package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    @Test
    void aPlanSurvivesJsonWithAnInfiniteRateAndSnakeCaseNames() {
        LoadPlan plan = new LoadPlan("http://127.0.0.1:8000", null, ApiFlavour.CHAT, true,
                new DatasetSpec(DatasetSpec.Type.SYNTHETIC, 10, 5, 0.2, DatasetSpec.LengthDistribution.NORMAL, 9, List.of()),
                List.of(LoadStep.openLoop(Double.POSITIVE_INFINITY, 1, 8), LoadStep.openLoop(2.5, 4, null), LoadStep.closedLoop(3)),
                new StopCondition(100, 30.0, 2), 0.0, true, 60, Map.of("top_p", 0.9), List.of(50.0, 99.9), Map.of("ttft_ms", 200.0));
        String json = PlanJson.write(plan);
        assertThat(json).contains("\"base_url\"", "\"request_rate\"", "\"warmup_requests\":2", "\"api\":\"chat\"", "\"distribution\":\"normal\"");
        assertThat(PlanJson.read(json)).isEqualTo(plan);
        assertThat(PlanJson.read(json).steps().get(0).isAllAtOnce()).isTrue();
    }

    @Test
    void stepsAreLabelledForPeople() {
        assertThat(LoadStep.openLoop(Double.POSITIVE_INFINITY, 1, null).label()).isEqualTo("rate=inf");
        assertThat(LoadStep.openLoop(10, 1, null).label()).isEqualTo("rate=10/s");
        assertThat(LoadStep.openLoop(2.5, 4, 8).label()).isEqualTo("rate=2.5/s burstiness=4 max_concurrency=8");
        assertThat(LoadStep.closedLoop(16).label()).isEqualTo("concurrency=16");
    }
}
