/**
 * Benchmark figures with vLLM's definitions and result keys ({@code mean_ttft_ms}, {@code p99_itl_ms},
 * {@code request_goodput}, ...), computed from request records with HdrHistogram, and the live meters a running
 * benchmark publishes on {@code /actuator/prometheus}.
 */
package io.hpcorchestrator.client.metrics;
