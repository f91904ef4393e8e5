package io.hpcorchestrator.slurm.rest;

/** The contract over slurmrestd v0.0.41 on the 24.11 cluster of scripts/dev-cluster-24.sh. */
class RestSlurmClientV0041IT extends RestContractBase {

    @Override
    protected String apiVersion() {
        return "v0.0.41";
    }

    @Override
    protected String configuredDefaultPartition() {
        return cluster.partition();
    }
}
