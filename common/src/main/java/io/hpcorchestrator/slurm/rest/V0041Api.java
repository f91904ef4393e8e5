package io.hpcorchestrator.slurm.rest;

/**
 * v0.0.41 (Slurm 24.05; served by 24.11). Checked against the OpenAPI document and the live daemon: every
 * field this transport reads or sends has v0.0.40's name and shape. New beside them, unused here: nodes'
 * {@code gpu_spec} and {@code res_cores_per_gpu}, {@code job/allocate}, and a job's {@code job_resources}
 * regrouped under {@code nodes.allocation}.
 */
class V0041Api extends V0040Api {

    @Override
    public String version() {
        return "v0.0.41";
    }
}
