/** The server's SLURM client, chosen by {@code hpc.cluster.transport}. */
package io.hpcorchestrator.server.slurm;
