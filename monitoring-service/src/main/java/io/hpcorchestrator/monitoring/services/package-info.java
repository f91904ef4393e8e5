/**
 * The server's services, read through its API: gauges by state, recipe and failure reason, one state series per
 * service, and the scrape targets Prometheus discovers here.
 */
package io.hpcorchestrator.monitoring.services;
