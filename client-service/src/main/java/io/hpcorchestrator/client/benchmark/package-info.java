/**
 * Benchmark campaigns: the {@code /api/v1/benchmarks} API, validation of a request into a
 * {@link io.hpcorchestrator.client.load.LoadPlan}, targets resolved through the server's API, one benchmark run at a
 * time on this machine, request records persisted as they arrive, results with vLLM's keys, and recovery after a
 * restart (a run cut short ends {@code INTERRUPTED} with what it had measured).
 */
package io.hpcorchestrator.client.benchmark;
