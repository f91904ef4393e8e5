/**
 * Recipes: the YAML contract users write ({@code recipes/<category>/<name>.yaml}), its loading with
 * deploy-time overrides, its validation, and the catalog that resolves names inside the recipes root.
 */
package io.hpcorchestrator.recipe;
