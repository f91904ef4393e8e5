/** The monitoring service's SLURM client, chosen by {@code hpc.cluster.transport} and metered per call. */
package io.hpcorchestrator.monitoring.slurm;
