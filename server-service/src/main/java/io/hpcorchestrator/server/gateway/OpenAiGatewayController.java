package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible endpoint in front of every RUNNING inference service: requests are routed by their
 * {@code model} to a service serving it, the least busy one when several do, and answers (streams included)
 * pass through unchanged, upstream errors with their own status and body.
 */
@RestController
@RequestMapping("/v1")
@Tag(name = "openai", description = "OpenAI-compatible gateway to the running inference services")
class OpenAiGatewayController {

    private final InferenceCatalog catalog;
    private final UpstreamProxy proxy;
    private final JsonMapper json;

    OpenAiGatewayController(InferenceCatalog catalog, UpstreamProxy proxy, JsonMapper json) {
        this.catalog = catalog;
        this.proxy = proxy;
        this.json = json;
    }

    @GetMapping(value = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List models", description = "The union of the models of the caller's RUNNING inference services (an admin's: all).")
    Map<String, Object> models(Caller caller) {
        return Map.of("object", "list", "data", catalog.allModels(caller));
    }

    @PostMapping(value = "/completions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Create a completion", description = "Routed by `model`; `stream: true` answers with server-sent events as they are produced.")
    void completions(Caller caller, @RequestBody byte[] body, HttpServletResponse response) throws IOException {
        route(caller, "/v1/completions", body, response);
    }

    @PostMapping(value = "/chat/completions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Create a chat completion", description = "Routed by `model`; `stream: true` answers with server-sent events as they are produced.")
    void chatCompletions(Caller caller, @RequestBody byte[] body, HttpServletResponse response) throws IOException {
        route(caller, "/v1/chat/completions", body, response);
    }

    /** Only to the caller's own services (an admin's: any): a model served by others' services only is not found. */
    private void route(Caller caller, String path, byte[] body, HttpServletResponse response) throws IOException {
        String model;
        try {
            JsonNode request = json.readTree(body);
            if (request == null || !request.isObject()) {
                error(response, HttpStatus.BAD_REQUEST, "the request body must be a JSON object", "invalid_request_error", null, null);
                return;
            }
            JsonNode field = request.get("model");
            if (field == null || !field.isString() || field.asString().isBlank()) {
                error(response, HttpStatus.BAD_REQUEST, "you must provide a model parameter", "invalid_request_error", "model", null);
                return;
            }
            model = field.asString();
        } catch (JacksonException e) {
            error(response, HttpStatus.BAD_REQUEST, "the request body is not valid JSON", "invalid_request_error", null, null);
            return;
        }
        Optional<InferenceCatalog.Target> target = catalog.pick(model, caller);
        if (target.isEmpty()) {
            error(response, HttpStatus.NOT_FOUND, "The model `" + model + "` does not exist or no RUNNING service serves it",
                    "invalid_request_error", "model", "model_not_found");
            return;
        }
        try {
            proxy.post(target.get(), path, body, response);
        } catch (UpstreamProxy.UnreachableException e) {
            error(response, HttpStatus.BAD_GATEWAY, e.getMessage(), "server_error", null, null);
        }
    }

    private void error(HttpServletResponse response, HttpStatus status, String message, String type, String param, String code)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(OpenAiError.of(message, type, param, code)));
    }
}
