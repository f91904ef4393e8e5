package io.hpcorchestrator.slurm.rest;

/** The contract over slurmrestd v0.0.38 on the 22.05 cluster, which reports its default partition itself. */
class RestSlurmClientV0038IT extends RestContractBase {

    @Override
    protected String apiVersion() {
        return "v0.0.38";
    }
}
