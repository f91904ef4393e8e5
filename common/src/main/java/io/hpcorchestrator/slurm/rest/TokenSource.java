package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.cluster.ClusterProperties;
import java.time.Clock;

/**
 * Where the JWT for slurmrestd comes from. Implementations are thread-safe, never log the token (only its
 * expiry) and keep it out of {@code toString()}.
 */
public interface TokenSource {

    /** A token valid now; may block while a new one is fetched. */
    String token();

    /**
     * The source the settings name: a command (renewed before expiry) wins over a file (re-read when it
     * changes), which wins over a token given directly.
     */
    static TokenSource from(ClusterProperties.Rest rest, Clock clock) {
        if (rest.tokenCommand() != null && !rest.tokenCommand().isBlank()) {
            return new CommandTokenSource(rest.tokenCommand(), rest.tokenLifespan(), rest.timeout().multipliedBy(3), clock);
        }
        if (rest.tokenFile() != null) {
            return new FileTokenSource(rest.tokenFile());
        }
        if (rest.token() != null && !rest.token().isBlank()) {
            return new StaticTokenSource(rest.token());
        }
        throw new IllegalArgumentException(
                "hpc.cluster.rest needs a token: set token (e.g. from SLURM_JWT), token-file or token-command");
    }
}
