/**
 * The logs service (port 8004): collects the stdout and stderr of every job the server deployed, through the SLURM
 * transport, and serves them: reads with filters, searches across services, and live streams (SSE).
 */
package io.hpcorchestrator.logs;
