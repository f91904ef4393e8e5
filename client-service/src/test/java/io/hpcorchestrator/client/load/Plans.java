package io.hpcorchestrator.client.load;

import java.util.List;
import java.util.Map;

/** Plans for runner tests: synthetic prompts, streaming completions, ignore_eos so output lengths are exact. */
final class Plans {

    private Plans() {
    }

    static LoadPlan plan(String baseUrl, int outputLen, List<LoadStep> steps, StopCondition stop) {
        return new LoadPlan(baseUrl, null, ApiFlavour.COMPLETIONS, true,
                new DatasetSpec(DatasetSpec.Type.SYNTHETIC, 16, outputLen, 0, DatasetSpec.LengthDistribution.FIXED, 11, List.of()),
                steps, stop, 0.0, true, 120, Map.of(), List.of(50.0, 99.0), Map.of());
    }
}
