package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.SafeNames;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the cluster decides when a recipe does not: the runtime, scheduler placement, and where jobs run,
 * log and find images. Paths are on the cluster's (shared) filesystem, not the server's.
 *
 * @param runtime   container runtime for recipes that do not name one
 * @param partition default partition, or null to let SLURM choose
 * @param account   default account, or null
 * @param qos       default QOS, or null
 * @param workDir   the jobs' working directory; report files are written here
 * @param logsDir   where stdout and stderr files go
 * @param imagesDir where relative image paths are resolved and built
 * @param modules   modules every job loads before the recipe's own (e.g. the site's Apptainer module)
 */
public record ClusterDefaults(
        ContainerRuntime runtime,
        String partition,
        String account,
        String qos,
        String workDir,
        String logsDir,
        String imagesDir,
        List<String> modules) {

    public ClusterDefaults {
        Objects.requireNonNull(runtime, "runtime");
        optional("defaults.partition", partition, SafeNames.SLURM_NAME);
        optional("defaults.account", account, SafeNames.SLURM_NAME);
        optional("defaults.qos", qos, SafeNames.SLURM_NAME);
        required("paths.work-dir", workDir);
        logsDir = logsDir == null ? workDir : logsDir;
        required("paths.logs-dir", logsDir);
        imagesDir = imagesDir == null ? workDir : imagesDir;
        required("paths.images-dir", imagesDir);
        modules = modules == null ? List.of() : List.copyOf(modules);
        modules.forEach(module -> optional("modules", module, SafeNames.MODULE));
    }

    public ClusterDefaults withRuntime(ContainerRuntime newRuntime) {
        return new ClusterDefaults(newRuntime, partition, account, qos, workDir, logsDir, imagesDir, modules);
    }

    private static void required(String name, String path) {
        if (path == null || !SafeNames.matches(SafeNames.DIRECTIVE_PATH, path)) {
            throw new IllegalArgumentException("hpc.cluster." + name + " must be an absolute path of letters, digits and _.+/@%- (it is written into #SBATCH lines), got " + path);
        }
    }

    private static void optional(String name, String value, Pattern pattern) {
        if (value != null && !SafeNames.matches(pattern, value)) {
            throw new IllegalArgumentException("hpc.cluster." + name + " '" + value + "' does not match " + pattern);
        }
    }
}
