package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.recipe.RecipeValidationException;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.server.service.ServiceNotFoundException;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.server.service.ServiceState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The seed's inference API: list inference services, prompt one, list its models. */
@RestController
@RequestMapping("/api/v1/vllm")
@Tag(name = "vllm", description = "Prompting deployed inference services (seed-compatible)")
class VllmController {

    private static final int MAX_PROMPT = 1 << 20;

    private static final ContentType JSON = ContentType.create("application/json");

    private final ServiceRepository repository;
    private final InferenceCatalog catalog;
    private final CloseableHttpClient http;
    private final JsonMapper json;

    VllmController(ServiceRepository repository, InferenceCatalog catalog, CloseableHttpClient http, JsonMapper json) {
        this.repository = repository;
        this.catalog = catalog;
        this.http = http;
        this.json = json;
    }

    /** A service's answer, read whole. */
    private record Answer(int status, String body) {
    }

    @GetMapping("/services")
    @Operation(summary = "List inference services", description = "Services of recipes in the `inference` category, newest first.")
    List<InferenceServiceView> services(Caller caller) {
        return repository.findByCategory(InferenceCatalog.CATEGORY, caller.ownerFilter(), 1000).stream().map(InferenceServiceView::of).toList();
    }

    @GetMapping("/{id}/models")
    @Operation(summary = "List a service's models", description = "409 when the service is not RUNNING.")
    Map<String, Object> models(Caller caller, @PathVariable String id) {
        InferenceCatalog.Target target = runningTarget(id, caller);
        return Map.of("object", "list", "data", catalog.modelEntries(target));
    }

    @PostMapping("/{id}/prompt")
    @Operation(summary = "Prompt a service",
            description = "Sends the prompt to the chat endpoint, or to completions when the model has no chat template. 409 when the service is not RUNNING.")
    PromptResponse prompt(Caller caller, @PathVariable String id, @RequestBody PromptRequest request) throws IOException {
        if (request.prompt() == null || request.prompt().isEmpty() || request.prompt().length() > MAX_PROMPT) {
            throw invalid("prompt", "is required, at most " + MAX_PROMPT + " characters");
        }
        if (request.maxTokens() < 1 || request.maxTokens() > 1_000_000) {
            throw invalid("max_tokens", "must be 1 or more");
        }
        if (request.temperature() < 0 || request.temperature() > 2) {
            throw invalid("temperature", "must be between 0 and 2");
        }
        InferenceCatalog.Target target = runningTarget(id, caller);
        String model = Optional.ofNullable(request.model()).orElseGet(() -> catalog.modelEntries(target).stream()
                .map(entry -> entry.path("id").asString()).findFirst()
                .orElseThrow(() -> new IllegalStateException("service " + id + " lists no models")));

        ObjectNode chat = base(model, request);
        chat.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        Answer answer = post(target, "/v1/chat/completions", chat);
        if (answer.status() == 200) {
            JsonNode body = json.readTree(answer.body());
            return new PromptResponse(true, body.at("/choices/0/message/content").asString(), target.service().id(),
                    target.service().endpoint().orElse(null), "chat", model, body.get("usage"));
        }
        if (answer.status() != 400 && answer.status() != 404 && answer.status() != 422) {
            throw new UpstreamErrorException(answer.status(), answer.body());
        }
        // No chat template (vLLM answers 400): the plain completions endpoint takes the prompt as it is.
        ObjectNode completion = base(model, request);
        completion.put("prompt", request.prompt());
        Answer fallback = post(target, "/v1/completions", completion);
        if (fallback.status() != 200) {
            throw new UpstreamErrorException(fallback.status(), fallback.body());
        }
        JsonNode body = json.readTree(fallback.body());
        return new PromptResponse(true, body.at("/choices/0/text").asString(), target.service().id(),
                target.service().endpoint().orElse(null), "completions", model, body.get("usage"));
    }

    private static ObjectNode base(String model, PromptRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.temperature());
        return body;
    }

    private Answer post(InferenceCatalog.Target target, String path, ObjectNode body) throws IOException {
        HttpPost request = new HttpPost(target.base().resolve(path));
        request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), JSON));
        target.outstanding().incrementAndGet();
        try {
            return http.execute(request, response -> new Answer(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        } finally {
            target.outstanding().decrementAndGet();
        }
    }

    /** The service, which must be the caller's, an inference service and RUNNING; otherwise 404 or 409. */
    private InferenceCatalog.Target runningTarget(String id, Caller caller) {
        ServiceRecord service = find(id, caller);
        if (!service.recipeName().startsWith(InferenceCatalog.CATEGORY + "/")) {
            throw new ServiceNotFoundException(id);
        }
        if (service.status() != ServiceState.RUNNING) {
            throw new ServiceNotReadyException(service);
        }
        return catalog.running(service.id()).orElseThrow(() -> new ServiceNotReadyException(service));
    }

    private ServiceRecord find(String id, Caller caller) {
        return repository.findByIdOrJobId(id).filter(service -> caller.canSee(service.owner()))
                .orElseThrow(() -> new ServiceNotFoundException(id));
    }

    private static RecipeValidationException invalid(String field, String message) {
        return new RecipeValidationException("request", List.of(new FieldError(field, message)));
    }

    /** The service answered with an error: its status, and its body for the user to read. */
    static final class UpstreamErrorException extends RuntimeException {
        final int status;
        final String body;

        UpstreamErrorException(int status, String body) {
            super("the service answered " + status);
            this.status = status;
            this.body = body;
        }
    }

    @ExceptionHandler
    ProblemDetail notReady(ServiceNotReadyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Service not ready");
        problem.setProperty("service_id", e.service().id());
        problem.setProperty("service_status", e.service().status().name());
        problem.setProperty("reason", e.service().reason());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail upstream(UpstreamErrorException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("The inference service answered with an error");
        problem.setProperty("upstream_status", e.status);
        problem.setProperty("upstream_body", e.body.length() > 4000 ? e.body.substring(0, 4000) : e.body);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unreachable(IOException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "the inference service did not answer: " + e.getMessage());
        problem.setTitle("Inference service unreachable");
        return problem;
    }
}
