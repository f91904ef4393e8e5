/**
 * What the server adds for monitoring: orchestration metrics of the lifecycle, the RUNNING services with a metrics
 * path as Prometheus HTTP service-discovery targets, and each service's own metrics served through the server's
 * access path (direct or SSH tunnel) with its labels added, GPU sidecar readings merged, and the last good answer
 * served, marked stale, when the service does not answer.
 */
package io.hpcorchestrator.server.monitoring;
