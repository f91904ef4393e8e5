package io.hpcorchestrator.client.load;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Plans as JSON, the same in the service's database and in the file a SLURM job is given. */
public final class PlanJson {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private PlanJson() {
    }

    public static String write(LoadPlan plan) {
        return JSON.writeValueAsString(plan);
    }

    public static LoadPlan read(String json) {
        return JSON.readValue(json, LoadPlan.class);
    }

    public static JsonMapper mapper() {
        return JSON;
    }
}
