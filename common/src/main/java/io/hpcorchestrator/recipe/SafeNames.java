package io.hpcorchestrator.recipe;

import java.util.regex.Pattern;

/**
 * Patterns for values that reach {@code #SBATCH} lines, variable names or {@code module} arguments
 * unquoted or where quoting cannot help. Shared by recipe validation and the cluster's own settings.
 */
public final class SafeNames {

    /** Partitions, accounts, QOS names. */
    public static final Pattern SLURM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    /** Shell and environment variable names. */
    public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Environment module names such as {@code Apptainer/1.2.4-GCCcore-12.3.0}. */
    public static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+/-]{0,127}");
    /** SLURM job names. */
    public static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Absolute paths written into {@code #SBATCH} lines, where sbatch splits on blanks and quotes. */
    public static final Pattern DIRECTIVE_PATH = Pattern.compile("/[A-Za-z0-9_.+/@%-]{0,255}");

    private SafeNames() {
    }

    public static boolean matches(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
