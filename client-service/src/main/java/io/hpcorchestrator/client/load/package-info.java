/**
 * The load generator, free of Spring so that the service and the command-line mode a SLURM job runs share it: a
 * {@link io.hpcorchestrator.client.load.LoadPlan} (target, API flavour, dataset, load steps, stop condition) is run by
 * {@link io.hpcorchestrator.client.load.BenchmarkRunner} over the JDK's asynchronous HTTP client, and every finished
 * request becomes a {@link io.hpcorchestrator.client.load.RequestRecord} handed to a
 * {@link io.hpcorchestrator.client.load.RunSink}.
 */
package io.hpcorchestrator.client.load;
