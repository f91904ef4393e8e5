package io.hpcorchestrator.server.service;

import tools.jackson.databind.JsonNode;

/**
 * The seed's deploy request.
 *
 * @param recipeName {@code category/name}
 * @param config     overrides of environment, resources, slurm and container; may be absent
 */
public record DeployRequest(String recipeName, JsonNode config) {
}
