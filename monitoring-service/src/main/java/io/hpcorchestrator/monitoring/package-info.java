/**
 * The monitoring service: cluster metrics from one batched SLURM sample per interval ({@code cluster}), the server's
 * services as gauges and as Prometheus scrape targets ({@code services}), and a status page ({@code status}).
 */
package io.hpcorchestrator.monitoring;
