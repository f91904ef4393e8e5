package io.hpcorchestrator.server.service;

import io.hpcorchestrator.recipe.RecipeNotFoundException;
import io.hpcorchestrator.recipe.RecipeValidationException;
import io.hpcorchestrator.security.AuditLog;
import io.hpcorchestrator.security.AuditLog.Outcome;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.TooManyRequestsException;
import io.hpcorchestrator.server.secret.MissingSecretsException;
import java.util.function.Supplier;

/**
 * Records each deploy and cancel in the audit trail with how it ended: {@code ok}, {@code refused} (the request,
 * a limit or SLURM said no) or {@code failed} (something broke). Actions: {@code service.deploy},
 * {@code service.cancel}.
 */
final class DeployAudit {

    static final String DEPLOY = "service.deploy";
    static final String CANCEL = "service.cancel";

    private final AuditLog audit;

    DeployAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** Target: the new service's id, or the recipe name when nothing was stored. */
    Deployment deploy(Caller caller, String recipeName, Supplier<Deployment> deploy) {
        String recipe = recipeName == null ? "(no recipe)" : printable(recipeName);
        try {
            Deployment deployment = deploy.get();
            ServiceRecord service = deployment.service();
            audit.record(caller, DEPLOY, service.id(), Outcome.OK, "recipe " + recipe
                    + (deployment.replayed() ? ", idempotent replay" : "") + ", status " + service.status()
                    + (service.jobId() == null ? "" : ", job " + service.jobId()));
            return deployment;
        } catch (SubmissionRejectedException e) {
            audit.record(caller, DEPLOY, e.service().id(), Outcome.REFUSED, "recipe " + recipe + ": SLURM rejected the job: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            audit.record(caller, DEPLOY, recipe, outcome(e), reason(e));
            throw e;
        }
    }

    /** Target: the service's id as the caller gave it (another user's service is refused as not found). */
    ServiceRecord cancel(Caller caller, String id, Supplier<ServiceRecord> cancel) {
        try {
            ServiceRecord service = cancel.get();
            audit.record(caller, CANCEL, service.id(), Outcome.OK, "status " + service.status()
                    + (service.jobId() == null ? "" : ", job " + service.jobId()));
            return service;
        } catch (RuntimeException e) {
            audit.record(caller, CANCEL, printable(id), outcome(e), reason(e));
            throw e;
        }
    }

    private static Outcome outcome(RuntimeException e) {
        return e instanceof RecipeValidationException || e instanceof RecipeNotFoundException || e instanceof MissingSecretsException
                || e instanceof IdempotencyConflictException || e instanceof ServiceNotFoundException || e instanceof TooManyRequestsException
                ? Outcome.REFUSED : Outcome.FAILED;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof TooManyRequestsException limit) {
            return "limit: " + limit.getBody().getDetail();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Names and ids from requests, bounded and printable. */
    private static String printable(String text) {
        String bounded = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return bounded.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
