package io.hpcorchestrator.slurm.rest;

/**
 * v0.0.42 (Slurm 24.11). Same fields as v0.0.41 for this transport. Its submit body no longer has
 * {@code exclusive} or {@code oversubscribe} (24.11 warns "Ignoring unknown field exclusive" and the job
 * shares its node), which is why every v0.0.40+ adapter asks for exclusivity with {@code shared: ["none"]};
 * its submit answer drops the {@code result} object, and {@code job_id} stays at the top.
 */
final class V0042Api extends V0041Api {

    @Override
    public String version() {
        return "v0.0.42";
    }
}
