/**
 * The cluster as gauges: nodes by state per partition, CPUs and GPUs, jobs by state, pending jobs by reason and how
 * long they wait, from one sample of nodes, partitions and queue per interval.
 */
package io.hpcorchestrator.monitoring.cluster;
