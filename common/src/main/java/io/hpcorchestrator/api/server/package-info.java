/** The server's HTTP API (port 8001) as the other services call it: services, their job output paths and scrape targets. */
package io.hpcorchestrator.api.server;
