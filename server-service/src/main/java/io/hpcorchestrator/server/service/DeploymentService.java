package io.hpcorchestrator.server.service;

import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.render.BatchScript;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.hpcorchestrator.security.AuditLog;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.server.limits.DeployLimits;
import io.hpcorchestrator.server.secret.SecretStore;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deploys and cancels services.
 *
 * <p>A deployment is stored (SUBMITTING, with its rendered script and a unique job name) before anything is
 * sent to SLURM, so a crash can neither lose an accepted request nor submit it twice: a record found in
 * SUBMITTING by the reconciler, and not being submitted right now by this process, is looked up in SLURM by
 * its job name and adopted, or submitted if SLURM never saw it.
 */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RecipeCatalog catalog;
    private final BatchScriptRenderer renderer;
    private final SlurmClient slurm;
    private final ServiceRepository repository;
    private final SecretStore secrets;
    private final DeployLimits limits;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public DeploymentService(RecipeCatalog catalog, BatchScriptRenderer renderer, SlurmClient slurm, ServiceRepository repository,
            SecretStore secrets, DeployLimits limits, AuditLog audit, JsonMapper json, Clock clock) {
        this.catalog = catalog;
        this.renderer = renderer;
        this.slurm = slurm;
        this.repository = repository;
        this.secrets = secrets;
        this.limits = limits;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Validates, stores and submits a deployment owned by {@code caller}. Validation errors, missing secrets and
     * the caller's limits throw before anything is stored; a SLURM rejection stores the service as FAILED and
     * throws; SLURM being unreachable leaves it in SUBMITTING for the reconciler to finish. An idempotency key
     * is the caller's own: another user's identical key is another deployment.
     */
    public Deployment deploy(DeployRequest request, String idempotencyKey, Caller caller) {
        String owner = caller.name();
        ObjectNode config = request.config() == null || request.config().isNull()
                ? JsonNodeFactory.instance.objectNode() : request.config().isObject() ? (ObjectNode) request.config() : null;
        LoadedRecipe loaded = catalog.load(request.recipeName(), request.config());
        String hash = hash(request.recipeName(), config);
        String ownKey = idempotencyKey == null ? null : owner + ":" + idempotencyKey;
        if (ownKey != null) {
            Optional<Deployment> earlier = replay(ownKey, hash, owner);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        List<String> secretNames = loaded.recipe().secrets();
        secrets.resolve(secretNames);
        String id = newId();
        String jobName = loaded.recipe().name() + "-" + id.substring("svc-".length());
        BatchScript script = renderer.render(loaded, jobName);
        Instant now = clock.instant();
        ServiceRecord service = new ServiceRecord(id, loaded.ref().id(), jobName, null, ServiceState.SUBMITTING, null,
                json.writeValueAsString(config), script.text(), script.stdoutPath(), script.stderrPath(), script.workDir(),
                loaded.recipe().health() == null ? null : loaded.recipe().health().path(),
                loaded.recipe().ports().auto() || loaded.recipe().ports().numbers().isEmpty() ? null : loaded.recipe().ports().numbers().get(0),
                null, null, null, null, false, ownKey, hash, now, now, null, null, null, null, 0,
                loaded.recipe().metrics() == null ? null : loaded.recipe().metrics().path(), owner);
        // Marked in flight before it is stored, so the reconciler never takes it for an orphan and submits it too.
        inFlight.add(id);
        try {
            try {
                limits.admit(owner, () -> repository.countActive(owner), () -> repository.insert(service));
            } catch (DuplicateKeyException e) {
                // Two requests with the same key raced; the other one stored first.
                return replay(ownKey, hash, owner).orElseThrow(() -> e);
            }
            if (!secretNames.isEmpty()) {
                // Names only: values never leave the secret store except into the job's environment.
                audit.record(caller, "secret.use", id, AuditLog.Outcome.OK, "secrets " + String.join(", ", secretNames) + " for " + loaded.ref().id());
            }
            return new Deployment(submitOnce(repository.findById(id).orElseThrow(), false, secretNames), false);
        } finally {
            inFlight.remove(id);
        }
    }

    private Optional<Deployment> replay(String ownKey, String hash, String owner) {
        return repository.findByIdempotencyKey(ownKey).map(existing -> {
            if (!owner.equals(existing.owner())) {
                // A key stored before keys were per owner: never hand out someone else's service.
                throw new IdempotencyConflictException(null);
            }
            if (!hash.equals(existing.requestHash())) {
                throw new IdempotencyConflictException(existing.id());
            }
            return new Deployment(existing, true);
        });
    }

    /**
     * Finishes a SUBMITTING service left behind by an earlier process or an unreachable SLURM: adopts the job
     * SLURM already has under the service's unique name (the submission went through but its id was never
     * stored), or submits it now. Does nothing while this process is submitting it.
     */
    public ServiceRecord recover(ServiceRecord service) {
        return submit(service, true);
    }

    private ServiceRecord submit(ServiceRecord service, boolean lookUpFirst) {
        if (!inFlight.add(service.id())) {
            return service;
        }
        try {
            // The caller's copy may be stale: another thread may have finished the submission meanwhile.
            ServiceRecord latest = repository.findById(service.id()).orElse(service);
            if (latest.jobId() != null || latest.status() != ServiceState.SUBMITTING) {
                return latest;
            }
            return submitOnce(latest, lookUpFirst, secretsOf(latest));
        } finally {
            inFlight.remove(service.id());
        }
    }

    private ServiceRecord submitOnce(ServiceRecord service, boolean lookUpFirst, List<String> secretNames) {
        try {
            if (service.cancelRequested()) {
                return store(service, service.withStatus(ServiceState.CANCELLED, "CancelledBeforeSubmission", clock.instant()));
            }
            Optional<Long> existing = lookUpFirst ? findByName(service) : Optional.empty();
            long jobId;
            if (existing.isPresent()) {
                jobId = existing.get();
                log.info("service {} adopts job {} found by its name {}", service.id(), jobId, service.jobName());
            } else {
                Map<String, String> environment = secrets.resolve(secretNames);
                jobId = slurm.submit(new JobSubmission(service.script(), service.jobName(), service.workDir(), environment));
                log.info("service {} ({}) submitted as job {} over {}", service.id(), service.recipeName(), jobId, slurm.transport());
            }
            Instant now = clock.instant();
            ServiceRecord submitted = store(service, service.withJob(jobId, now).withStatus(ServiceState.PENDING, null, now));
            if (submitted.cancelRequested()) {
                return cancelInSlurm(submitted);
            }
            return submitted;
        } catch (SlurmException e) {
            if (e.kind() == SlurmException.Kind.REJECTED) {
                ServiceRecord failed = store(service, service.withStatus(ServiceState.FAILED, "SubmitRejected: " + e.getMessage(), clock.instant()));
                throw new SubmissionRejectedException(failed, e.getMessage());
            }
            log.warn("service {} stays SUBMITTING: SLURM is unavailable over {}: {}", service.id(), e.transport(), e.getMessage());
            return store(service, service.withReason("SlurmUnavailable: " + e.getMessage(), clock.instant()));
        }
    }

    /** A job created for this service before a crash: SLURM knows it by the service's unique job name. */
    private Optional<Long> findByName(ServiceRecord service) {
        return slurm.jobsNamed(service.jobName()).stream().map(JobInfo::id).min(Long::compare);
    }

    /** A recovered service's secrets: its recipe is read again, with the overrides it was deployed with. */
    private List<String> secretsOf(ServiceRecord service) {
        return catalog.load(service.recipeName(), json.readTree(service.config())).recipe().secrets();
    }

    /** True while this process is submitting the service; the reconciler leaves it alone meanwhile. */
    public boolean isInFlight(String serviceId) {
        return inFlight.contains(serviceId);
    }

    /**
     * Cancels a service: {@code scancel} when it has a job, otherwise a mark that stops the pending submission.
     * Cancelling an ended service changes nothing.
     */
    public ServiceRecord cancel(ServiceRecord service) {
        if (service.status().isTerminal()) {
            return service;
        }
        ServiceRecord marked = store(service, service.withCancelRequested(clock.instant()));
        if (marked.jobId() == null) {
            return marked;
        }
        return cancelInSlurm(marked);
    }

    /** Cancels the job; when SLURM cannot be reached the mark stays and the reconciler tries again. */
    public ServiceRecord cancelInSlurm(ServiceRecord service) {
        try {
            slurm.cancel(service.jobId());
        } catch (SlurmException e) {
            log.warn("cancel of service {} (job {}) will be retried: {}", service.id(), service.jobId(), e.getMessage());
            return service;
        }
        return store(service, service.withStatus(ServiceState.CANCELLED, "CancelledByUser", clock.instant()));
    }

    /** Writes a change, re-reading once when another writer came first. */
    private ServiceRecord store(ServiceRecord current, ServiceRecord next) {
        return repository.update(current, next).orElseGet(() -> {
            ServiceRecord latest = repository.findById(current.id()).orElseThrow();
            return repository.update(latest, merge(latest, next)).orElse(latest);
        });
    }

    /** Re-applies the intended change onto the latest record, keeping what the other writer learned. */
    private static ServiceRecord merge(ServiceRecord latest, ServiceRecord intended) {
        ServiceRecord merged = latest;
        if (intended.jobId() != null && latest.jobId() == null) {
            merged = merged.withJob(intended.jobId(), intended.updatedAt());
        }
        if (intended.cancelRequested() && !latest.cancelRequested()) {
            merged = merged.withCancelRequested(intended.updatedAt());
        }
        if (intended.status() != latest.status() && latest.status().canMoveTo(intended.status())) {
            merged = merged.withStatus(intended.status(), intended.reason(), intended.updatedAt());
        }
        return merged;
    }

    private static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "svc-" + HexFormat.of().formatHex(bytes);
    }

    private String hash(String recipeName, ObjectNode config) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(recipeName).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json.writeValueAsBytes(config == null ? JsonNodeFactory.instance.nullNode() : config));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
