/**
 * The seed's client groups ({@code /api/v1/client-groups}): a benchmark that runs as a SLURM job near the service.
 * The job runs this service's own jar in its command-line mode ({@link io.hpcorchestrator.client.clientgroup.BenchmarkCli})
 * with the plan in its environment, and writes its request records to a file in the cluster's work directory,
 * which {@link io.hpcorchestrator.client.clientgroup.ClientGroupReconciler} reads back through the SLURM transport
 * and imports, so results, CSV and report work as for any benchmark.
 */
package io.hpcorchestrator.client.clientgroup;
