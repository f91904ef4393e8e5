package io.hpcorchestrator.slurm.rest;

/** The contract over slurmrestd v0.0.40 on the 24.11 cluster of scripts/dev-cluster-24.sh. */
class RestSlurmClientV0040IT extends RestContractBase {

    @Override
    protected String apiVersion() {
        return "v0.0.40";
    }

    @Override
    protected String configuredDefaultPartition() {
        return cluster.partition();
    }
}
