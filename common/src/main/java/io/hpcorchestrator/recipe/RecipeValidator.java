package io.hpcorchestrator.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a bound recipe for values that SLURM, the shell or the runtime would misread. Names that end up in
 * {@code #SBATCH} lines or variable names must match strict patterns; free values (environment, commands,
 * paths) may hold any text but NUL, because they reach the script only through the quoting function.
 */
final class RecipeValidator {

    static final Pattern RECIPE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,47}");
    static final Pattern VARIABLE_NAME = SafeNames.VARIABLE_NAME;
    static final Pattern SLURM_NAME = SafeNames.SLURM_NAME;
    static final Pattern GPU_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,8}[KMGT]?");
    static final Pattern CONSTRAINT = Pattern.compile("[A-Za-z0-9_.&|,:\\[\\]*()!-]{1,256}");
    static final Pattern MODULE = SafeNames.MODULE;
    static final Pattern DEFINITION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\\.def");
    static final Pattern DIRECTIVE = Pattern.compile("--([a-z][a-z0-9-]{0,31})(=[A-Za-z0-9_.:,/@%+=-]{1,256})?");
    static final Pattern HEALTH_PATH = Pattern.compile("/[\\x21-\\x7E]{0,255}");
    static final Set<String> CPU_BINDS = Set.of("none", "cores", "threads", "sockets", "ldoms", "rank", "boards");
    static final List<String> RESERVED_PREFIXES = List.of("HPC_", "SLURM_", "APPTAINERENV_", "SINGULARITYENV_");
    static final int MAX_VALUE_LENGTH = 65_536;

    /**
     * Options the renderer writes itself, or that would break how the suite runs the job: each maps to what
     * the user should use instead.
     */
    static final Map<String, String> RESERVED_DIRECTIVES = Map.ofEntries(
            Map.entry("job-name", "the recipe name"),
            Map.entry("nodes", "resources.nodes"),
            Map.entry("ntasks-per-node", "resources.ntasks_per_node"),
            Map.entry("cpus-per-task", "resources.cpu"),
            Map.entry("mem", "resources.memory"),
            Map.entry("mem-per-cpu", "resources.memory_per_cpu"),
            Map.entry("gres", "resources.gpu and resources.gpu_type"),
            Map.entry("gpus", "resources.gpu and resources.gpu_type"),
            Map.entry("time", "resources.time_limit"),
            Map.entry("partition", "slurm.partition"),
            Map.entry("qos", "slurm.qos"),
            Map.entry("account", "slurm.account"),
            Map.entry("constraint", "slurm.constraint"),
            Map.entry("output", "the suite's log paths"),
            Map.entry("error", "the suite's log paths"),
            Map.entry("chdir", "the suite's work directory"),
            Map.entry("export", "environment and secrets"),
            Map.entry("export-file", "environment and secrets"),
            Map.entry("wrap", "container.command"),
            Map.entry("uid", "nothing: jobs run as the submitting user"),
            Map.entry("gid", "nothing: jobs run as the submitting user"),
            Map.entry("parsable", "nothing: the suite reads the job id itself"),
            Map.entry("array", "several deployments"),
            Map.entry("comment", "nothing: the job reports its progress in its comment"));

    private final List<FieldError> errors = new ArrayList<>();

    private RecipeValidator() {
    }

    static List<FieldError> validate(Recipe recipe) {
        RecipeValidator validator = new RecipeValidator();
        validator.check(recipe);
        return List.copyOf(validator.errors);
    }

    private void check(Recipe recipe) {
        if (recipe.name() == null) {
            error("name", "is required");
        } else {
            matches("name", recipe.name(), RECIPE_NAME, "letters, digits, '_', '.', '-', at most 48, starting with a letter or digit");
        }
        text("description", recipe.description());
        checkContainer(recipe.container());
        checkResources(recipe.resources());
        checkEnvironment(recipe.environment(), recipe.secrets());
        checkPorts(recipe.ports(), recipe.health());
        checkMetrics(recipe.metrics(), recipe.ports());
        checkVolumes(recipe.volumes());
        checkSlurm(recipe.slurm());
        for (int i = 0; i < recipe.modules().size(); i++) {
            String module = recipe.modules().get(i);
            if (notNull("modules[" + i + "]", module)) {
                matches("modules[" + i + "]", module, MODULE, "a module name such as Apptainer/1.2.4-GCCcore-12.3.0");
            }
        }
    }

    private void checkContainer(Container container) {
        if (container.definition() != null) {
            matches("container.definition", container.definition(), DEFINITION, "a file name next to the recipe, ending in .def");
            if (container.image() == null) {
                error("container.definition", "needs container.image, the image it is built into");
            }
        }
        if (container.image() != null) {
            path("container.image", container.image());
        }
        for (int i = 0; i < container.command().size(); i++) {
            String field = "container.command[" + i + "]";
            if (notNull(field, container.command().get(i))) {
                text(field, container.command().get(i));
            }
        }
    }

    private void checkResources(Resources resources) {
        range("resources.nodes", resources.nodes(), 1, 10_000);
        range("resources.ntasks_per_node", resources.ntasksPerNode(), 1, 1_024);
        range("resources.cpu", resources.cpu(), 1, 4_096);
        range("resources.gpu", resources.gpu(), 0, 64);
        if (resources.memory() != null) {
            matches("resources.memory", resources.memory(), MEMORY, "a size such as 32G (units K, M, G, T; no unit means megabytes)");
        }
        if (resources.memoryPerCpu() != null) {
            matches("resources.memory_per_cpu", resources.memoryPerCpu(), MEMORY, "a size such as 4G (units K, M, G, T; no unit means megabytes)");
            if (resources.memory() != null) {
                error("resources.memory_per_cpu", "cannot be combined with resources.memory; set one of them (an override can clear the other with null)");
            }
        }
        if (resources.gpuType() != null) {
            matches("resources.gpu_type", resources.gpuType(), GPU_TYPE, "a GPU type such as a100");
            if (resources.gpu() == 0) {
                error("resources.gpu_type", "needs resources.gpu of 1 or more");
            }
        }
        if (resources.cpuBind() != null && !CPU_BINDS.contains(resources.cpuBind())) {
            error("resources.cpu_bind", "must be one of " + String.join(", ", CPU_BINDS.stream().sorted().toList()));
        }
        if (resources.timeLimit() != null && TimeLimit.parse(resources.timeLimit()).isEmpty()) {
            error("resources.time_limit", "must be minutes or a SLURM time (HH:MM:SS, D-HH:MM:SS) between 1 second and 365 days, got '" + printable(resources.timeLimit()) + "'");
        }
    }

    private void checkEnvironment(Map<String, String> environment, List<String> secrets) {
        environment.forEach((name, value) -> {
            String field = "environment." + printable(name);
            if (variableName(field, name) && notNull(field, value)) {
                text(field, value);
            }
        });
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < secrets.size(); i++) {
            String field = "secrets[" + i + "]";
            String name = secrets.get(i);
            if (notNull(field, name) && variableName(field, name)) {
                if (!seen.add(name)) {
                    error(field, "'" + name + "' is listed twice");
                }
                if (environment.containsKey(name)) {
                    error(field, "'" + name + "' is also set in environment; a secret's value comes only from the secret store");
                }
            }
        }
    }

    private boolean variableName(String field, String name) {
        if (!VARIABLE_NAME.matcher(name).matches()) {
            error(field, "is not a valid variable name (letters, digits and '_', not starting with a digit)");
            return false;
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                error(field, "names starting with " + prefix + " are reserved");
                return false;
            }
        }
        return true;
    }

    private void checkPorts(Ports ports, Health health) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ports.numbers().size(); i++) {
            Integer port = ports.numbers().get(i);
            range("ports[" + i + "]", port, 1, 65_535);
            if (port != null && !seen.add(port)) {
                error("ports[" + i + "]", "port " + port + " is listed twice");
            }
        }
        if (health != null) {
            matches("health.path", health.path(), HEALTH_PATH, "an absolute URL path such as /health");
            range("health.initial_delay_seconds", health.initialDelaySeconds(), 0, 86_400);
            range("health.period_seconds", health.periodSeconds(), 1, 3_600);
            if (ports.isEmpty()) {
                error("health", "needs ports: the probe calls the service's first port");
            }
        }
    }

    private void checkMetrics(Metrics metrics, Ports ports) {
        if (metrics == null) {
            return;
        }
        if (metrics.path() != null) {
            matches("metrics.path", metrics.path(), HEALTH_PATH, "an absolute URL path such as /metrics");
            if (ports.isEmpty()) {
                error("metrics.path", "needs ports: metrics are read from the service's first port");
            }
        }
        range("metrics.gpu_interval_seconds", metrics.gpuIntervalSeconds(), 1, 3_600);
    }

    private void checkVolumes(List<Volume> volumes) {
        for (int i = 0; i < volumes.size(); i++) {
            String field = "volumes[" + i + "]";
            Volume volume = volumes.get(i);
            if (!notNull(field, volume)) {
                continue;
            }
            if (notNull(field + ".source", volume.source())) {
                bindPath(field + ".source", volume.source());
            }
            if (volume.target() != null) {
                bindPath(field + ".target", volume.target());
            }
        }
    }

    /** Bind specifications are {@code src:dst[:ro]} lists separated by commas, so neither may appear in a path. */
    private void bindPath(String field, String value) {
        if (path(field, value)) {
            if (!value.startsWith("/")) {
                error(field, "must be an absolute path");
            } else if (value.indexOf(':') >= 0 || value.indexOf(',') >= 0) {
                error(field, "must not contain ':' or ',' (they separate bind specifications)");
            }
        }
    }

    private void checkSlurm(SlurmOptions slurm) {
        optionalName("slurm.partition", slurm.partition());
        optionalName("slurm.qos", slurm.qos());
        optionalName("slurm.account", slurm.account());
        if (slurm.constraint() != null) {
            matches("slurm.constraint", slurm.constraint(), CONSTRAINT, "a SLURM constraint expression of features, '&', '|', '[', ']', '*', digits");
        }
        for (int i = 0; i < slurm.extraDirectives().size(); i++) {
            String field = "slurm.extra_directives[" + i + "]";
            String directive = slurm.extraDirectives().get(i);
            if (!notNull(field, directive)) {
                continue;
            }
            var matcher = DIRECTIVE.matcher(directive);
            if (!matcher.matches()) {
                error(field, "must be a long sbatch option such as --mail-type=END (letters, digits and _.:,/@%+=- in the value)");
            } else if (RESERVED_DIRECTIVES.containsKey(matcher.group(1))) {
                error(field, "--" + matcher.group(1) + " is set by the suite; use " + RESERVED_DIRECTIVES.get(matcher.group(1)));
            }
        }
    }

    private void optionalName(String field, String value) {
        if (value != null) {
            matches(field, value, SLURM_NAME, "letters, digits, '_', '.', '-', at most 64");
        }
    }

    private boolean path(String field, String value) {
        if (!text(field, value)) {
            return false;
        }
        if (value.isEmpty()) {
            error(field, "must not be empty");
            return false;
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            error(field, "must not contain control characters");
            return false;
        }
        return true;
    }

    /** Any text the quoting function can carry: no NUL (C strings end there), valid UTF-16, bounded. */
    private boolean text(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            error(field, "must not contain NUL characters");
            return false;
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            error(field, "is longer than " + MAX_VALUE_LENGTH + " characters");
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                error(field, "is not valid Unicode text");
                return false;
            }
        }
        return true;
    }

    private void matches(String field, String value, Pattern pattern, String expected) {
        if (!pattern.matcher(value).matches()) {
            error(field, "'" + printable(value) + "' is not allowed: expected " + expected);
        }
    }

    private void range(String field, Integer value, int min, int max) {
        if (value == null) {
            error(field, "must not be null");
        } else if (value < min || value > max) {
            error(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    private boolean notNull(String field, Object value) {
        if (value == null) {
            error(field, "must not be null");
            return false;
        }
        return true;
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Echoes user input in messages without letting it break a log line or an HTTP response. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? out + "..." : out.toString();
    }
}
