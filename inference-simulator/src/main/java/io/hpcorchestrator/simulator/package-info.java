/**
 * A simulator of vLLM's OpenAI-compatible API server for machines without GPUs: it serves
 * {@code /v1/models}, {@code /v1/completions}, {@code /v1/chat/completions}, {@code /health} and
 * {@code /metrics} with vLLM's request and response shapes, but generates deterministic pseudo-words on a
 * configured schedule instead of running a model. Tests, the gateway and benchmarks use it as a target with
 * known timing: time to first token, inter-token latency, output length and a concurrency limit with a FIFO
 * waiting queue, as in vLLM's scheduler.
 *
 * <p>It depends on the JDK's HTTP server and Jackson only, so it starts in a fraction of a second and fits in
 * a small SLURM allocation. {@link io.hpcorchestrator.simulator.SimulatorMain} is the entry point;
 * {@link io.hpcorchestrator.simulator.InferenceSimulator} starts one in-process.
 */
package io.hpcorchestrator.simulator;
