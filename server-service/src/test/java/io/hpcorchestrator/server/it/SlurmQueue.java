package io.hpcorchestrator.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * SLURM's own view of the queue, read as root with one {@code squeue} call, for tests that count jobs. Other
 * people's jobs share the cluster, so callers filter by the job names of their own services.
 */
final class SlurmQueue {

    private SlurmQueue() {
    }

    /** One job as squeue lists it; finished jobs stay listed for SLURM's MinJobAge (300 s). */
    record Job(long id, String name, String state) {
    }

    /** Every job SLURM still knows, in any state: {@code squeue --states=all -h -o %i|%j|%T}. */
    static List<Job> all() {
        String out = run(List.of("squeue", "--states=all", "--noheader", "--format=%i|%j|%T"));
        List<Job> jobs = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] fields = line.strip().split("\\|", 3);
            if (fields.length == 3) {
                jobs.add(new Job(Long.parseLong(fields[0]), fields[1], fields[2]));
            }
        }
        return jobs;
    }

    static List<Job> matching(Predicate<Job> filter) {
        return all().stream().filter(filter).toList();
    }

    /** {@code scancel} of the given jobs in one call; jobs that already ended are no error. */
    static void cancel(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("scancel"));
        jobIds.forEach(id -> command.add(Long.toString(id)));
        execute(command);
    }

    private static String run(List<String> command) {
        Result result = execute(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 60 s");
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
