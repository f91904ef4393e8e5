package io.hpcorchestrator.server.service;

import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.recipe.RecipeValidationException;
import io.hpcorchestrator.security.AuditLog;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.server.secret.SecretStore;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.SlurmClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/services")
@Tag(name = "services", description = "Deployments of recipes as SLURM jobs")
class ServiceController {

    /** Enough for the last lines of a log without reading whole files of many megabytes. */
    private static final int MAX_LOG_BYTES = 1 << 20;
    private static final int MAX_TAIL = 10_000;

    private final DeploymentService deployments;
    private final ServiceRepository repository;
    private final SlurmClient slurm;
    private final SecretStore secrets;
    private final DeployAudit audit;
    private final JsonMapper json;

    ServiceController(DeploymentService deployments, ServiceRepository repository, SlurmClient slurm, SecretStore secrets, AuditLog audit,
            JsonMapper json) {
        this.deployments = deployments;
        this.repository = repository;
        this.slurm = slurm;
        this.secrets = secrets;
        this.audit = new DeployAudit(audit);
        this.json = json;
    }

    @PostMapping
    @Operation(summary = "Deploy a recipe",
            description = "Stores the deployment, owned by the caller, renders the recipe with the overrides in `config` and submits it. "
                    + "201 with the service; with an `Idempotency-Key` header a retry of the same request by the same user answers 200 "
                    + "with the same service. 429 with `Retry-After` beyond the caller's active services or deploys per minute.")
    ResponseEntity<ServiceView> deploy(Caller caller, @RequestBody DeployRequest request,
            @Parameter(description = "makes retries safe: the same key and body give the same service")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Deployment deployment = audit.deploy(caller, request.recipeName(), () -> {
            if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
                throw new RecipeValidationException("request", List.of(new FieldError("Idempotency-Key", "must be 1 to 255 characters")));
            }
            return deployments.deploy(request, idempotencyKey, caller);
        });
        ServiceView view = view(deployment.service(), false);
        if (deployment.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(view);
        }
        return ResponseEntity.created(URI.create("/api/v1/services/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List services", description = "The caller's own services (an admin's: everyone's), newest first.")
    List<ServiceView> list(Caller caller, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new RecipeValidationException("request", List.of(new FieldError("limit", "must be 1 to 1000, offset 0 or more")));
        }
        return repository.findAll(caller.ownerFilter(), limit, offset).stream().map(service -> view(service, false)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a service", description = "`id` is the service id or the SLURM job id. Includes the state history. "
            + "Another user's service answers 404, as an unknown one.")
    ServiceView get(Caller caller, @PathVariable String id) {
        return view(find(id, caller), true);
    }

    @GetMapping("/{id}/status")
    @Operation(summary = "Read a service's status")
    ServiceStatusView status(Caller caller, @PathVariable String id) {
        return ServiceStatusView.of(find(id, caller));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a service", description = "Cancels the SLURM job (scancel); the service ends CANCELLED. "
            + "The caller's own services only (an admin's: anyone's); others answer 404.")
    ServiceView cancel(Caller caller, @PathVariable String id) {
        return view(audit.cancel(caller, id, () -> deployments.cancel(find(id, caller))), true);
    }

    @PostMapping("/{id}/status")
    @Operation(summary = "Change a service's status (seed-compatible)", description = "Only `{\"status\": \"cancelled\"}` is accepted.")
    ServiceView changeStatus(Caller caller, @PathVariable String id, @RequestBody StatusChange change) {
        return view(audit.cancel(caller, id, () -> {
            ServiceRecord service = find(id, caller);
            if (change == null || !"cancelled".equalsIgnoreCase(String.valueOf(change.status()))) {
                throw new RecipeValidationException("request", List.of(new FieldError("status", "only 'cancelled' can be requested")));
            }
            return deployments.cancel(service);
        }), true);
    }

    @GetMapping("/{id}/logs")
    @Operation(summary = "Read the end of a service's job output",
            description = "The last `tail` lines of stdout or stderr, read through the SLURM transport (local files or sftp); secrets masked.")
    LogsView logs(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "stdout") String stream,
            @RequestParam(defaultValue = "100") int tail) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new RecipeValidationException("request", List.of(new FieldError("stream", "must be stdout or stderr")));
        }
        if (tail < 1 || tail > MAX_TAIL) {
            throw new RecipeValidationException("request", List.of(new FieldError("tail", "must be 1 to " + MAX_TAIL)));
        }
        ServiceRecord service = find(id, caller);
        if (service.jobId() == null) {
            return new LogsView(service.id(), null, stream, null, 0, false, List.of());
        }
        String path = ServiceView.expand(stream.equals("stdout") ? service.stdoutPath() : service.stderrPath(), service);
        Optional<FileChunk> head = slurm.readFile(path, 0, 0);
        if (head.isEmpty()) {
            return new LogsView(service.id(), service.jobId(), stream, path, 0, false, List.of());
        }
        long size = head.get().size();
        long offset = Math.max(0, size - MAX_LOG_BYTES);
        FileChunk chunk = slurm.readFile(path, offset, MAX_LOG_BYTES).orElse(new FileChunk(offset, new byte[0], size));
        List<String> lines = new ArrayList<>(Arrays.asList(secrets.mask(new String(chunk.data(), StandardCharsets.UTF_8)).split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (offset > 0 && !lines.isEmpty()) {
            lines.remove(0); // a partial first line
        }
        boolean truncated = offset > 0 || lines.size() > tail;
        List<String> last = lines.subList(Math.max(0, lines.size() - tail), lines.size());
        return new LogsView(service.id(), service.jobId(), stream, path, size, truncated, List.copyOf(last));
    }

    /** Another user's service is not found, exactly like an unknown one: nobody learns what others run. */
    private ServiceRecord find(String id, Caller caller) {
        return repository.findByIdOrJobId(id).filter(service -> caller.canSee(service.owner()))
                .orElseThrow(() -> new ServiceNotFoundException(id));
    }

    private ServiceView view(ServiceRecord service, boolean withTransitions) {
        return ServiceView.of(service, json.readTree(service.config()), withTransitions ? repository.transitions(service.id()) : null);
    }
}
