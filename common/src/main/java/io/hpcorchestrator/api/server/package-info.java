/** The server's HTTP API (port 8001) as the other services call it: services and their job output paths. */
package io.hpcorchestrator.api.server;
