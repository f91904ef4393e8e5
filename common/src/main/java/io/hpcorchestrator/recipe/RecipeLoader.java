package io.hpcorchestrator.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.node.StringNode;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads recipe YAML, merges a deployment's overrides onto it and validates the result.
 *
 * <p>Overrides follow the seed's deploy request: {@code config} may hold {@code environment},
 * {@code resources}, {@code slurm} and {@code container}. Objects merge key by key, lists and scalars replace,
 * and {@code null} removes a key so the default applies again (for example to swap {@code memory} for
 * {@code memory_per_cpu}).
 *
 * <p>The recipe is validated on its own first, so that an error found only after merging can be blamed on
 * the overrides and named with its {@code config.} path.
 */
public final class RecipeLoader {

    /** What a deployment may change. Ports, health, volumes, secrets and modules stay as the recipe author wrote them. */
    public static final Set<String> OVERRIDABLE = Set.of("environment", "resources", "slurm", "container");

    private static final String CONFIG = "config";

    private final YAMLMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "" for a number would otherwise become null and silently take the default.
            .withCoercionConfig(LogicalType.Integer, config -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    /** Parses and validates a recipe; {@code source} names it in errors (a path relative to the recipes root). */
    public Recipe load(String source, String yaml) {
        JsonNode tree = parse(source, yaml);
        return bindAndValidate(source, "", tree);
    }

    /** Parses the recipe, merges {@code overrides} (may be null or empty) and validates both steps. */
    public Recipe load(String source, String yaml, JsonNode overrides) {
        return load(source, parse(source, yaml), overrides);
    }

    /** Validates a recipe given as a tree (a mapping, as parsed from YAML or JSON) and merges {@code overrides}. */
    public Recipe load(String source, JsonNode tree, JsonNode overrides) {
        if (tree == null || !tree.isObject()) {
            throw new RecipeValidationException(source, "(document)", "must be a mapping with the recipe's fields");
        }
        bindAndValidate(source, "", tree);
        if (overrides == null || overrides.isNull() || overrides.isEmpty()) {
            return bindAndValidate(source, "", tree);
        }
        if (!overrides.isObject()) {
            throw new RecipeValidationException(CONFIG, CONFIG, "must be an object with any of " + sorted(OVERRIDABLE));
        }
        List<FieldError> unknown = new ArrayList<>();
        for (String key : overrides.propertyNames()) {
            if (!OVERRIDABLE.contains(key)) {
                unknown.add(new FieldError(CONFIG + "." + RecipeValidator.printable(key),
                        "cannot be overridden; a deployment may change " + sorted(OVERRIDABLE)));
            } else if (!overrides.get(key).isObject() && !overrides.get(key).isNull()) {
                unknown.add(new FieldError(CONFIG + "." + key, "must be an object"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new RecipeValidationException(CONFIG, unknown);
        }
        ObjectNode merged = ((ObjectNode) tree).deepCopy();
        merge(merged, (ObjectNode) overrides);
        return bindAndValidate(CONFIG, CONFIG + ".", merged);
    }

    private static void merge(ObjectNode target, ObjectNode overrides) {
        for (Map.Entry<String, JsonNode> entry : overrides.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private JsonNode parse(String source, String yaml) {
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (JacksonException e) {
            throw new RecipeValidationException(source, "(document)", "is not valid YAML" + location(e) + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new RecipeValidationException(source, "(document)", "must be a YAML mapping with the recipe's fields");
        }
        keepEnvironmentAsWritten(yaml, (ObjectNode) tree);
        return tree;
    }

    /**
     * Environment values are text, but YAML reads unquoted {@code 1.10} as the number 1.1 and {@code 1e3} as
     * 1000.0. The values are read again as the scalars' source text, so {@code VERSION: 1.10} exports 1.10.
     */
    private void keepEnvironmentAsWritten(String yaml, ObjectNode tree) {
        if (!(tree.get("environment") instanceof ObjectNode environment)) {
            return;
        }
        try (JsonParser parser = mapper.createParser(yaml)) {
            int depth = 0;
            boolean inEnvironment = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                    inEnvironment = depth == 2 && "environment".equals(parser.streamReadContext().getParent().currentName());
                } else if (token.isStructEnd()) {
                    depth--;
                    if (depth < 2) {
                        inEnvironment = false;
                    }
                } else if (inEnvironment && depth == 2 && token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                    String name = parser.currentName();
                    if (name != null && environment.has(name) && !environment.get(name).isString()) {
                        environment.set(name, StringNode.valueOf(parser.getString()));
                    }
                }
            }
        }
    }

    private Recipe bindAndValidate(String source, String prefix, JsonNode tree) {
        Recipe recipe;
        try {
            recipe = mapper.treeToValue(tree, Recipe.class);
        } catch (JacksonException e) {
            // Coercion errors (a number out of range) are not DatabindExceptions but still know their path.
            String path = path(e);
            String field = !path.isEmpty() ? prefix + path : prefix.isEmpty() ? "(document)" : CONFIG;
            throw new RecipeValidationException(source, field, describe(e));
        }
        List<FieldError> errors = RecipeValidator.validate(recipe);
        if (!errors.isEmpty()) {
            throw new RecipeValidationException(source, errors.stream()
                    .map(error -> new FieldError(prefix + error.field(), error.message()))
                    .toList());
        }
        return recipe;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(RecipeValidator.printable(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field" + (known.isEmpty() ? "" : "; known fields here: " + known);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage();
        if (message != null && message.contains("out of range")) {
            return "is too large a number";
        }
        // Jackson names Java types ("java.lang.Integer"); users know YAML, so say what was expected in its words.
        if (message != null && message.contains("java.lang.Integer")) {
            return "must be a whole number";
        }
        if (message != null && message.contains("java.lang.Boolean")) {
            return "must be true or false";
        }
        if (message != null && (message.contains("java.util.List") || message.contains("java.util.ArrayList"))) {
            return "must be a list";
        }
        if (message != null && (message.contains("java.util.Map") || message.contains("LinkedHashMap"))) {
            return "must be a mapping of names to values";
        }
        if (message != null && message.contains("java.lang.String")) {
            return "must be a text value";
        }
        if (message != null && message.contains("io.hpcorchestrator.recipe.")) {
            return "must be a mapping with this field's own fields";
        }
        return message;
    }

    private static String location(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}
