/**
 * The HTTP API under {@code /api/v1/logs}: services with their log sizes, reads of one service's lines, searches
 * across services, live streams. Requests name services by id only; no request names a file.
 */
package io.hpcorchestrator.logs.api;
