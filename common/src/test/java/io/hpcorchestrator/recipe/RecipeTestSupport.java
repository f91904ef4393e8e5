package io.hpcorchestrator.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builders shared by the recipe tests: a small valid recipe, changed one field at a time. */
final class RecipeTestSupport {

    static final String SOURCE = "recipes/inference/vllm.yaml";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private RecipeTestSupport() {
    }

    /** A valid recipe as a mutable tree, so a test can put exactly the value it needs anywhere. */
    static Map<String, Object> baseRecipe() {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("name", "svc");
        recipe.put("description", "a service");
        recipe.put("container", new LinkedHashMap<>(Map.of("image", "svc.sif", "command", List.of("/bin/true"))));
        recipe.put("resources", new LinkedHashMap<>(Map.of("cpu", 2, "memory", "4G", "time_limit", 60)));
        recipe.put("environment", new LinkedHashMap<>(Map.of("A", "1")));
        recipe.put("ports", List.of(8000));
        recipe.put("health", new LinkedHashMap<>(Map.of("path", "/health")));
        return recipe;
    }

    /**
     * The base recipe with one change, as recipe text. JSON is YAML, and writing it with Jackson puts any
     * string (newlines, quotes, NUL) into the document exactly, with escapes where YAML needs them.
     */
    static String recipeText(Consumer<Map<String, Object>> change) {
        Map<String, Object> recipe = baseRecipe();
        change.accept(recipe);
        return JSON.writeValueAsString(recipe);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> recipe, String name) {
        return (Map<String, Object>) recipe.computeIfAbsent(name, key -> new LinkedHashMap<String, Object>());
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static String resource(String name) {
        try (InputStream in = RecipeTestSupport.class.getResourceAsStream("/recipe/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /recipe/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fields(RecipeValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }
}
