package io.hpcorchestrator.server.recipe;

import tools.jackson.databind.JsonNode;

/**
 * A dry run: the deployment's overrides, as {@code POST /api/v1/services} takes them.
 *
 * @param config overrides of environment, resources, slurm and container; may be absent
 */
record RenderRequest(JsonNode config) {
}
