/** The status page at {@code /} and its data as JSON, both from the last sample and read: no SLURM call per view. */
package io.hpcorchestrator.monitoring.status;
