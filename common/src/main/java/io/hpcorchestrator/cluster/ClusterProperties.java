package io.hpcorchestrator.cluster;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.render.ClusterDefaults;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.cluster.*}: what the cluster decides for recipes that do not. Paths are on the cluster's
 * shared filesystem as jobs see it.
 *
 * @param runtime  container runtime for recipes that do not name one
 * @param paths    where jobs run, log and find images
 * @param defaults scheduler placement for recipes that do not set it
 * @param modules  environment modules every job loads first (e.g. the site's Apptainer module)
 */
@ConfigurationProperties("hpc.cluster")
public record ClusterProperties(
        @DefaultValue("apptainer") ContainerRuntime runtime,
        @DefaultValue Paths paths,
        @DefaultValue Defaults defaults,
        @DefaultValue List<String> modules) {

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
