/**
 * The lifecycle controller: a level-based reconcile loop that reads every unfinished service and its job in
 * one batched SLURM call per cycle, probes readiness, and moves services through {@code ServiceState}.
 */
package io.hpcorchestrator.server.lifecycle;
