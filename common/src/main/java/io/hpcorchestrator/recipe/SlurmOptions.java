package io.hpcorchestrator.recipe;

import java.util.List;

/**
 * Scheduler placement. Empty values fall back to the cluster's defaults.
 *
 * @param extraDirectives further {@code sbatch} options ({@code --mail-type=END}), validated one by one
 */
public record SlurmOptions(String partition, String qos, String account, String constraint, List<String> extraDirectives) {

    static final SlurmOptions NONE = new SlurmOptions(null, null, null, null, List.of());

    public SlurmOptions {
        extraDirectives = extraDirectives == null ? List.of() : List.copyOf(extraDirectives);
    }
}
