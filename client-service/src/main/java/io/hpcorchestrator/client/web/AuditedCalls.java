package io.hpcorchestrator.client.web;

import io.hpcorchestrator.security.AuditLog;
import io.hpcorchestrator.security.AuditLog.Outcome;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.slurm.SlurmException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Runs a mutating call and records it in the audit trail with how it ended: {@code ok}; {@code refused} when the
 * request, its caller's limits or its target did not allow it; {@code failed} when this service or something it
 * depends on (the server, SLURM) did. The exception still reaches the caller as its problem detail.
 */
@Component
public class AuditedCalls {

    private final AuditLog audit;

    public AuditedCalls(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param target   what the call is about, recorded when it does not succeed
     * @param done     the target and detail recorded when it succeeds, from its result
     */
    public <T> T run(Caller caller, String action, String target, Supplier<T> call, Function<T, Entry> done) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            audit.record(caller, action, target, outcome(e), detail(e));
            throw e;
        }
        Entry entry = done.apply(result);
        audit.record(caller, action, entry.target(), Outcome.OK, entry.detail());
        return result;
    }

    static Outcome outcome(RuntimeException e) {
        if (e instanceof InvalidRequestException || e instanceof NotFoundException || e instanceof ConflictException) {
            return Outcome.REFUSED;
        }
        if (e instanceof UpstreamException upstream) {
            return upstream.status() < 500 ? Outcome.REFUSED : Outcome.FAILED;
        }
        if (e instanceof SlurmException slurm) {
            return slurm.kind() == SlurmException.Kind.REJECTED ? Outcome.REFUSED : Outcome.FAILED;
        }
        if (e instanceof ErrorResponseException response) {
            return response.getStatusCode().is4xxClientError() ? Outcome.REFUSED : Outcome.FAILED;
        }
        return Outcome.FAILED;
    }

    private static String detail(RuntimeException e) {
        return e instanceof ErrorResponseException response && response.getBody().getDetail() != null ? response.getBody().getDetail() : e.getMessage();
    }

    /** What an audit event names and says about a call that succeeded. */
    public record Entry(String target, String detail) {
    }
}
