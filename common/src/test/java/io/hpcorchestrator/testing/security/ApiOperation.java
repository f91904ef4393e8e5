package io.hpcorchestrator.testing.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One operation of a service's OpenAPI document, as the generated security and fuzz tests see it.
 *
 * @param bodyFields the top-level properties of its JSON request body, if it has one
 */
public record ApiOperation(String method, String path, List<String> pathParameters, boolean hasBody, Set<String> bodyFields) {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    public boolean mutating() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** The path with each parameter replaced by its value in {@code values}, or by {@code fallback}. */
    public String path(Map<String, String> values, String fallback) {
        Matcher matcher = PARAMETER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), fallback)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    /** Every operation of an OpenAPI 3 document. */
    public static List<ApiOperation> of(JsonNode document) {
        List<ApiOperation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                List<String> parameters = new ArrayList<>();
                Matcher matcher = PARAMETER.matcher(path.getKey());
                while (matcher.find()) {
                    parameters.add(matcher.group(1));
                }
                JsonNode body = operation.getValue().path("requestBody");
                Set<String> fields = new LinkedHashSet<>();
                for (JsonNode media : body.path("content")) {
                    JsonNode schema = resolve(document, media.path("schema"));
                    schema.path("properties").propertyNames().forEach(fields::add);
                }
                operations.add(new ApiOperation(operation.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), List.copyOf(parameters),
                        !body.isMissingNode(), Set.copyOf(fields)));
            }
        }
        return operations;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : schema;
    }
}
