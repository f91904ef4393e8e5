package io.hpcorchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SLURM command-line tools as the test user runs them, for tests that check what a job really did. */
public final class SlurmCommands {

    private static final Pattern JOB_STATE = Pattern.compile("(?:^|\\s)JobState=(\\S+)");
    private static final Pattern BATCH_HOST = Pattern.compile("(?:^|\\s)BatchHost=(\\S+)");
    private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)Comment=(\\S*)");

    private SlurmCommands() {
    }

    /** Submits a script on stdin and returns the job id. */
    public static long submit(String script) {
        String out = run(script, "sbatch", "--parsable").strip();
        return Long.parseLong(out.split(";")[0]);
    }

    public static void cancel(long jobId) {
        run(null, "scancel", Long.toString(jobId));
    }

    /** {@code scontrol show job} on one line; empty once SLURM has forgotten the job. */
    public static Optional<String> show(long jobId) {
        Result result = execute(null, List.of("scontrol", "show", "job", "--oneliner", Long.toString(jobId)));
        return result.exitCode() == 0 ? Optional.of(result.output().strip()) : Optional.empty();
    }

    public static Optional<String> state(long jobId) {
        return show(jobId).map(JOB_STATE::matcher).filter(Matcher::find).map(matcher -> matcher.group(1));
    }

    public static Optional<String> comment(long jobId) {
        return show(jobId).map(COMMENT::matcher).filter(Matcher::find).map(matcher -> matcher.group(1));
    }

    /** The node the batch step runs on. */
    public static String node(long jobId) {
        return show(jobId).map(BATCH_HOST::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).orElseThrow();
    }

    private record Result(int exitCode, String output) {
    }

    private static String run(String stdin, String... command) {
        Result result = execute(stdin, List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    private static Result execute(String stdin, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
