/** Per-user limits on what the server does on a shared cluster: active services and deploys per minute. */
package io.hpcorchestrator.server.limits;
