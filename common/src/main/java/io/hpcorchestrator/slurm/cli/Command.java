package io.hpcorchestrator.slurm.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One command to run: its words (never a shell line), what to feed it on stdin, variables to add to its
 * environment, and how long it may take.
 *
 * <p>Environment values can be secrets: {@link #toString()} shows only their names, and runners must never
 * log them or the command line they build from them.
 *
 * @param argv        the program and its arguments, one word each
 * @param stdin       bytes for standard input; empty for none
 * @param environment variables added to the command's environment, names matching {@code [A-Za-z_][A-Za-z0-9_]*}
 * @param timeout     how long the command may run; null for the runner's default
 */
public record Command(List<String> argv, byte[] stdin, Map<String, String> environment, Duration timeout) {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        stdin = stdin == null ? new byte[0] : stdin.clone();
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        environment.forEach((name, value) -> {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
            }
            Objects.requireNonNull(value, () -> "environment variable " + name + " has no value");
        });
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, null, null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, null, null);
    }

    public Command withStdin(byte[] bytes) {
        return new Command(argv, bytes, environment, timeout);
    }

    public Command withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(variables);
        return new Command(argv, stdin, merged, timeout);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, stdin, environment, limit);
    }

    /** The program's name, which is what logs and errors may show of a command. */
    public String program() {
        return argv.get(0);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command that && argv.equals(that.argv) && Arrays.equals(stdin, that.stdin)
                && environment.equals(that.environment) && Objects.equals(timeout, that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, Arrays.hashCode(stdin), environment, timeout);
    }

    @Override
    public String toString() {
        return "Command[argv=" + argv + ", stdin=" + stdin.length + " bytes, environment=" + environment.keySet()
                + ", timeout=" + timeout + "]";
    }
}
