package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.Recipe;
import io.hpcorchestrator.recipe.RecipeValidationException;
import io.hpcorchestrator.recipe.Resources;
import io.hpcorchestrator.recipe.SafeNames;
import io.hpcorchestrator.recipe.SlurmOptions;
import io.hpcorchestrator.recipe.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a validated recipe and the cluster's defaults into an {@code sbatch} script. A pure function: the same
 * input gives the same text, and nothing is read from or written to the cluster.
 *
 * <p>The script's parts, in order: {@code #SBATCH} directives (built only from validated names and numbers),
 * module loads, the report helper, exported environment (values through {@link ShellQuoting}), secrets
 * (taken from the submission environment by name, never written), the service port, the runtime's
 * preparation (variables into the container, image check or build), then the launch, through {@code srun}
 * when the job spans several tasks or binds CPUs.
 *
 * <p>The job tells the suite how far it got as {@code KEY=VALUE} words ({@code phase=BUILDING},
 * {@code phase=STARTING}, {@code node=...}, {@code port=...}), appended as lines to
 * {@code hpc-job-<id>.report} in the working directory and mirrored into the job's SLURM comment as
 * {@code hpc:<word>,<word>,...} (later words win; no blanks, so {@code scontrol show job} output stays
 * parseable), so every transport can read them, REST included.
 */
public final class BatchScriptRenderer {

    static final String IMAGE_VARIABLE = "\"$HPC_IMAGE\"";
    private static final String PORT_RANGE_START = "20000";
    private static final String PORT_RANGE_SIZE = "40000";

    private final ClusterDefaults defaults;

    public BatchScriptRenderer(ClusterDefaults defaults) {
        this.defaults = defaults;
    }

    /** Renders with the recipe's name as the job name. */
    public BatchScript render(LoadedRecipe loaded) {
        return render(loaded, loaded.recipe().name());
    }

    /**
     * Renders a script.
     *
     * @param jobName the SLURM job name, usually the recipe name and the service id
     * @throws RecipeValidationException when the recipe cannot run on the chosen runtime
     */
    public BatchScript render(LoadedRecipe loaded, String jobName) {
        if (!SafeNames.matches(SafeNames.JOB_NAME, jobName)) {
            throw new IllegalArgumentException("job name '" + jobName + "' does not match " + SafeNames.JOB_NAME);
        }
        Recipe recipe = loaded.recipe();
        ContainerRuntime runtime = Optional.ofNullable(recipe.container().runtime()).orElse(defaults.runtime());
        checkRuntimeFits(loaded, runtime);

        String stdout = defaults.logsDir() + "/%x-%j.out";
        String stderr = defaults.logsDir() + "/%x-%j.err";
        ScriptText script = new ScriptText().line("#!/bin/bash");
        directives(script, recipe, jobName, stdout, stderr);
        script.line("#")
                .line("# Rendered by hpc-orchestrator from recipe " + recipe.name() + " for runtime " + runtime.id() + ".")
                .line("# Progress goes to hpc-job-<job id>.report in the working directory and to the job comment.")
                .line("# Values are single-quoted on purpose: they must reach the service exactly as written.")
                .line("# shellcheck disable=SC2016")
                .blank();

        List<String> modules = new ArrayList<>(defaults.modules());
        recipe.modules().stream().filter(module -> !modules.contains(module)).forEach(modules::add);
        script.line("set -eo pipefail");
        // Module systems often read unset variables, so -u is switched on only after they have run.
        modules.forEach(module -> script.line("module load " + ShellQuoting.quote(module)));
        script.line("set -u").blank();

        reportHelper(script);
        List<String> variables = environment(script, recipe);
        port(script, recipe);
        if (recipe.metrics() != null && recipe.metrics().gpu()) {
            gpuMetrics(script, recipe.metrics().gpuIntervalSeconds());
        }
        variables.add("HPC_SERVICE_HOST");
        variables.add("HPC_SERVICE_PORT");

        Optional<String> image = image(script, recipe, runtime);
        Launch launch = new Launch(recipe, image, variables, loaded.definition());
        RuntimeAdapter adapter = RuntimeAdapter.of(runtime);
        adapter.prepare(script, launch);
        script.blank().line("hpc_report phase=STARTING \"node=$HPC_SERVICE_HOST\" \"port=$HPC_SERVICE_PORT\"");

        List<String> words = new ArrayList<>();
        words.add("exec");
        words.addAll(srun(recipe.resources()));
        words.addAll(adapter.launchWords(launch));
        script.words(words);

        boolean builds = runtime.buildsDefinitions() && loaded.definition().isPresent() && IMAGE_VARIABLE.equals(image.orElse(""));
        return new BatchScript(script.toString(), jobName, runtime, defaults.workDir(), stdout, stderr, builds);
    }

    private static void checkRuntimeFits(LoadedRecipe loaded, ContainerRuntime runtime) {
        Recipe recipe = loaded.recipe();
        String source = loaded.ref() == null ? "recipe" : loaded.ref().source();
        if (recipe.container().command().isEmpty() && runtime != ContainerRuntime.APPTAINER && runtime != ContainerRuntime.SINGULARITY) {
            throw new RecipeValidationException(source, "container.command",
                    "is required for runtime " + runtime.id() + ", which has no runscript");
        }
        if (runtime.usesImage() && recipe.container().image() == null) {
            throw new RecipeValidationException(source, "container.image", "is required for runtime " + runtime.id());
        }
        if (runtime == ContainerRuntime.CHARLIECLOUD && recipe.container().image().contains("://")) {
            throw new RecipeValidationException(source, "container.image",
                    "must be a directory or SquashFS image path for runtime charliecloud, not a URI");
        }
    }

    private void directives(ScriptText script, Recipe recipe, String jobName, String stdout, String stderr) {
        Resources resources = recipe.resources();
        SlurmOptions slurm = recipe.slurm();
        directive(script, "job-name", jobName);
        directive(script, "nodes", resources.nodes());
        directive(script, "ntasks-per-node", resources.ntasksPerNode());
        directive(script, "cpus-per-task", resources.cpu());
        directive(script, "mem", resources.memory());
        directive(script, "mem-per-cpu", resources.memoryPerCpu());
        if (resources.gpu() > 0) {
            directive(script, "gres", "gpu:" + (resources.gpuType() == null ? "" : resources.gpuType() + ":") + resources.gpu());
        }
        if (resources.timeLimit() != null) {
            directive(script, "time", TimeLimit.parse(resources.timeLimit()).orElseThrow().toSlurm());
        }
        directive(script, "partition", Optional.ofNullable(slurm.partition()).orElse(defaults.partition()));
        directive(script, "qos", Optional.ofNullable(slurm.qos()).orElse(defaults.qos()));
        directive(script, "account", Optional.ofNullable(slurm.account()).orElse(defaults.account()));
        directive(script, "constraint", slurm.constraint());
        directive(script, "chdir", defaults.workDir());
        directive(script, "output", stdout);
        directive(script, "error", stderr);
        slurm.extraDirectives().forEach(extra -> script.line("#SBATCH " + extra));
    }

    private static void directive(ScriptText script, String option, Object value) {
        if (value != null) {
            script.line("#SBATCH --" + option + "=" + value);
        }
    }

    private static void reportHelper(ScriptText script) {
        script.line("hpc_report_file=\"hpc-job-${SLURM_JOB_ID}.report\"")
                .line("hpc_reported=()")
                .line("hpc_report() {")
                .line("  printf '%s\\n' \"$@\" >> \"$hpc_report_file\"")
                .line("  hpc_reported+=(\"$@\")")
                .line("  local IFS=,")
                .line("  scontrol update JobId=\"$SLURM_JOB_ID\" Comment=\"hpc:${hpc_reported[*]}\" >/dev/null 2>&1 || true")
                .line("}")
                .blank();
    }

    /** Exports the recipe's variables and checks its secrets; returns the names the service must see. */
    private static List<String> environment(ScriptText script, Recipe recipe) {
        List<String> names = new ArrayList<>();
        recipe.environment().forEach((name, value) -> {
            script.line("export " + name + "=" + ShellQuoting.quote(value));
            names.add(name);
        });
        if (!recipe.secrets().isEmpty()) {
            script.line("# Secrets come from the submission environment; their values are never written here.");
        }
        for (String secret : recipe.secrets()) {
            script.line("if [ -z \"${" + secret + ":-}\" ]; then")
                    .line("  echo \"hpc-orchestrator: secret " + secret + " was not provided at submission, or is empty\" >&2")
                    .line("  exit 1")
                    .line("fi")
                    .line("export " + secret);
            names.add(secret);
        }
        if (!names.isEmpty()) {
            script.blank();
        }
        return names;
    }

    /**
     * The service port. For {@code auto} the job draws ports from a high range until one is free on the
     * node; a connect that fails means nothing listens there. The range ends below the node's range for outgoing
     * connections ({@code ip_local_port_range}): a port drawn there could be taken as the local end of a connection
     * between the draw and the service's bind, which then fails with "address already in use".
     */
    private static void port(ScriptText script, Recipe recipe) {
        if (recipe.ports().auto()) {
            script.line("hpc_free_port() {")
                    .line("  local port low=32768 size=" + PORT_RANGE_SIZE)
                    .line("  { read -r low _ < /proc/sys/net/ipv4/ip_local_port_range; } 2>/dev/null || true")
                    .line("  if (( low > " + PORT_RANGE_START + " + 1000 )); then size=$(( low - " + PORT_RANGE_START + " )); fi")
                    .line("  for _ in $(seq 1 200); do")
                    .line("    port=$(( " + PORT_RANGE_START + " + ((RANDOM << 15) | RANDOM) % size ))")
                    .line("    if ! (: < \"/dev/tcp/127.0.0.1/$port\") 2>/dev/null; then")
                    .line("      echo \"$port\"")
                    .line("      return 0")
                    .line("    fi")
                    .line("  done")
                    .line("  return 1")
                    .line("}")
                    .line("HPC_SERVICE_PORT=$(hpc_free_port) || { echo \"hpc-orchestrator: no free port found\" >&2; exit 1; }");
        } else if (!recipe.ports().numbers().isEmpty()) {
            script.line("HPC_SERVICE_PORT=" + recipe.ports().numbers().get(0));
        } else {
            script.line("HPC_SERVICE_PORT=");
        }
        script.line("HPC_SERVICE_HOST=\"${SLURMD_NODENAME:-$(hostname)}\"")
                .line("export HPC_SERVICE_PORT HPC_SERVICE_HOST")
                .blank();
    }

    /**
     * A sidecar that reads {@code nvidia-smi} every {@code interval} seconds and writes Prometheus text to
     * {@code hpc-job-<id>.gpu.prom} in the working directory (replaced atomically), which the server serves
     * with the service's own metrics. It stops when the service (the batch shell's process, after
     * {@code exec}) is gone.
     */
    private static void gpuMetrics(ScriptText script, int interval) {
        script.line("# GPU metrics: nvidia-smi readings every " + interval + " s as Prometheus text in hpc-job-<job id>.gpu.prom.")
                .line("hpc_gpu_metrics() {")
                .line("  local file=\"hpc-job-${SLURM_JOB_ID}.gpu.prom\"")
                .line("  while kill -0 \"$1\" 2>/dev/null; do")
                .line("    if nvidia-smi --query-gpu=index,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw \\")
                .line("        --format=csv,noheader,nounits > \"$file.csv\" 2>/dev/null; then")
                .line("      awk -F', *' '")
                .line("        { n++; gpu[n] = $1; uuid[n] = $2; util[n] = $3; used[n] = $4; total[n] = $5; temp[n] = $6; power[n] = $7 }")
                .line("        function emit(name, help, values, scale,   i) {")
                .line("          printf \"# HELP %s %s\\n# TYPE %s gauge\\n\", name, help, name")
                .line("          for (i = 1; i <= n; i++) if (values[i] ~ /^[0-9.]+$/)")
                .line("            printf \"%s{gpu=\\\"%s\\\",uuid=\\\"%s\\\"} %.15g\\n\", name, gpu[i], uuid[i], values[i] * scale")
                .line("        }")
                .line("        END {")
                .line("          emit(\"hpc_gpu_utilization_ratio\", \"GPU utilisation from nvidia-smi, 0 to 1\", util, 0.01)")
                .line("          emit(\"hpc_gpu_memory_used_bytes\", \"GPU memory in use\", used, 1048576)")
                .line("          emit(\"hpc_gpu_memory_total_bytes\", \"GPU memory in all\", total, 1048576)")
                .line("          emit(\"hpc_gpu_temperature_celsius\", \"GPU temperature\", temp, 1)")
                .line("          emit(\"hpc_gpu_power_watts\", \"GPU power draw\", power, 1)")
                .line("        }' \"$file.csv\" > \"$file.tmp\" && mv -f \"$file.tmp\" \"$file\"")
                .line("    fi")
                .line("    sleep " + interval)
                .line("  done")
                .line("}")
                .line("hpc_gpu_metrics \"$$\" &")
                .blank();
    }

    /**
     * Names the image in the script. Local paths go into {@code HPC_IMAGE} (relative ones under the images
     * directory) so checks and builds can use them; URIs such as {@code docker://} are passed as they are.
     */
    private Optional<String> image(ScriptText script, Recipe recipe, ContainerRuntime runtime) {
        String image = recipe.container().image();
        if (!runtime.usesImage()) {
            return Optional.empty();
        }
        if (image.contains("://")) {
            return Optional.of(ShellQuoting.quote(image));
        }
        String path = image.startsWith("/") ? image : defaults.imagesDir() + "/" + image;
        script.line("HPC_IMAGE=" + ShellQuoting.quote(path));
        return Optional.of(IMAGE_VARIABLE);
    }

    static void requireImage(ScriptText script) {
        script.line("if [ ! -e \"$HPC_IMAGE\" ]; then")
                .line("  echo \"hpc-orchestrator: image $HPC_IMAGE not found\" >&2")
                .line("  exit 1")
                .line("fi");
    }

    /** Several tasks, several nodes, or CPU binding need a job step; a single task runs in the batch step. */
    private static List<String> srun(Resources resources) {
        boolean step = resources.nodes() > 1 || resources.ntasksPerNode() > 1 || resources.cpuBind() != null;
        if (!step) {
            return List.of();
        }
        List<String> words = new ArrayList<>(List.of("srun", "--kill-on-bad-exit=1"));
        if (resources.cpuBind() != null) {
            words.add("--cpu-bind=" + resources.cpuBind());
        }
        return words;
    }
}
