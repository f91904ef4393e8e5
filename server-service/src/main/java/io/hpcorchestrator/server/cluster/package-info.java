/** The cluster as SLURM reports it: partitions, nodes, and the suite's services on it. */
package io.hpcorchestrator.server.cluster;
