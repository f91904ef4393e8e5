/**
 * Access to deployed inference services from outside the cluster: the seed's prompt API and an
 * OpenAI-compatible gateway that routes by model, balances by outstanding requests and streams responses
 * through as they are produced. Services are reached directly or through SSH tunnels via the login node.
 */
package io.hpcorchestrator.server.gateway;
