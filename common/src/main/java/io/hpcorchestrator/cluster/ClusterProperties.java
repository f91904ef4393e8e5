package io.hpcorchestrator.cluster;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.render.ClusterDefaults;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.cluster.*}: how to reach the cluster and what it decides for recipes that do not. Paths are on
 * the cluster's shared filesystem as jobs see it. Secrets (tokens) come from environment variables or
 * files, never from YAML in git.
 *
 * @param transport how SLURM is reached
 * @param rest      slurmrestd settings, for {@code rest} and {@code rest+ssh}
 * @param ssh       login node settings, for {@code ssh} and {@code rest+ssh}
 * @param runtime   container runtime for recipes that do not name one
 * @param paths     where jobs run, log and find images
 * @param defaults  scheduler placement for recipes that do not set it
 * @param modules   environment modules every job loads first (e.g. the site's Apptainer module)
 */
@ConfigurationProperties("hpc.cluster")
public record ClusterProperties(
        @DefaultValue("local") Transport transport,
        @DefaultValue Rest rest,
        @DefaultValue Ssh ssh,
        @DefaultValue("apptainer") ContainerRuntime runtime,
        @DefaultValue Paths paths,
        @DefaultValue Defaults defaults,
        @DefaultValue List<String> modules) {

    /** How the suite talks to SLURM. */
    public enum Transport {
        /** slurmrestd over HTTP with a JWT. */
        REST,
        /** The SLURM commands on a login node over SSH. */
        SSH,
        /** The SLURM commands on this machine (the suite runs on a login node). */
        LOCAL,
        /** REST, and SSH whenever slurmrestd cannot be reached; written {@code rest+ssh}. */
        REST_SSH
    }

    /**
     * @param url          slurmrestd's base URL
     * @param apiVersion   the OpenAPI plugin version in every path: v0.0.38 (Slurm 22.05), v0.0.40 to v0.0.42
     * @param user         the SLURM user the token belongs to ({@code X-SLURM-USER-NAME})
     * @param token        a JWT given directly (from an environment variable such as {@code SLURM_JWT})
     * @param tokenFile    a file holding the JWT, re-read when it changes
     * @param tokenCommand a command printing a JWT ({@code scontrol token} output accepted), run again before expiry
     * @param tokenLifespan how long a token from the command lives when it does not say
     * @param timeout      per-request timeout
     */
    public record Rest(
            @DefaultValue("http://127.0.0.1:6820") URI url,
            @DefaultValue("v0.0.40") String apiVersion,
            String user,
            String token,
            Path tokenFile,
            String tokenCommand,
            @DefaultValue("1h") Duration tokenLifespan,
            @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param host           the login node
     * @param privateKey     the private key file (permissions are checked at start)
     * @param knownHosts     the known_hosts file host keys are verified against
     * @param strictHostKeys refuse unknown host keys (the default); switching it off is logged loudly
     */
    public record Ssh(
            String host,
            @DefaultValue("22") int port,
            String user,
            Path privateKey,
            Path knownHosts,
            @DefaultValue("true") boolean strictHostKeys,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("60s") Duration commandTimeout) {
    }

    /**
     * @param workDir   the jobs' working directory, where report files appear
     * @param logsDir   stdout and stderr of jobs; the work directory when unset
     * @param imagesDir relative image paths resolve here; the work directory when unset
     */
    public record Paths(@DefaultValue("/tmp/hpc-orchestrator") String workDir, String logsDir, String imagesDir) {
    }

    /** Placement used when a recipe leaves it open; unset values let SLURM choose. */
    public record Defaults(String partition, String account, String qos) {
    }

    /** The renderer's view; fails at start-up with the offending property named when a value is unsafe. */
    public ClusterDefaults renderDefaults() {
        return new ClusterDefaults(runtime, blankToNull(defaults.partition()), blankToNull(defaults.account()),
                blankToNull(defaults.qos()), paths.workDir(), blankToNull(paths.logsDir()), blankToNull(paths.imagesDir()), modules);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
