package io.hpcorchestrator.slurm.rest;

/** The contract over slurmrestd v0.0.42 on the 24.11 cluster of scripts/dev-cluster-24.sh. */
class RestSlurmClientV0042IT extends RestContractBase {

    @Override
    protected String apiVersion() {
        return "v0.0.42";
    }

    @Override
    protected String configuredDefaultPartition() {
        return cluster.partition();
    }
}
