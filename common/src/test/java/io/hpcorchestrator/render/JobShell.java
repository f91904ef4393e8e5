package io.hpcorchestrator.render;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a rendered script with real bash as SLURM would run its batch step, but with the container runtimes,
 * {@code srun} and {@code scontrol} replaced by stand-ins that record the arguments they were given and the
 * environment they saw (NUL-separated, so every byte of every value can be compared).
 */
final class JobShell {

    static final String DUMP = "dump-service";

    /** What the stand-in for the service saw. */
    record Run(int exitCode, String stdout, String stderr, List<String> argv, Map<String, String> environment, String report) {
    }

    private final Path root;
    private final Path bin;
    private final Path out;
    final Path workDir;
    final Path imagesDir;

    JobShell(Path root) {
        this.root = root;
        this.bin = root.resolve("bin");
        this.out = root.resolve("out");
        this.workDir = root.resolve("work");
        this.imagesDir = root.resolve("images");
        try {
            for (Path dir : List.of(bin, out, workDir, imagesDir)) {
                Files.createDirectories(dir);
            }
            // A build copies the definition to the image path, so tests can compare what arrived byte for byte.
            String recorder = """
                    #!/bin/bash
                    if [ "$1" = build ]; then cp "$4" "$3"; echo "$3" >> "$HPC_TEST_OUT/builds"; exit 0; fi
                    printf '%s\\0' "$(basename "$0")" "$@" > "$HPC_TEST_OUT/argv"
                    env -0 > "$HPC_TEST_OUT/env"
                    """;
            for (String name : List.of("apptainer", "singularity", "ch-run", DUMP)) {
                executable(name, recorder);
            }
            // srun's own options end at the first word that is not one, as in getopt.
            executable("srun", """
                    #!/bin/bash
                    while [[ $# -gt 0 && $1 == --* ]]; do shift; done
                    exec "$@"
                    """);
            // Sites provide `module` as a shell function; a command on the PATH stands in for it.
            executable("module", """
                    #!/bin/bash
                    printf '%s\n' "$*" >> "$HPC_TEST_OUT/modules"
                    """);
            executable("scontrol", """
                    #!/bin/bash
                    printf '%s\\n' "$@" > "$HPC_TEST_OUT/scontrol"
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dumpCommand() {
        return bin.resolve(DUMP);
    }

    private void executable(String name, String text) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Run run(String script) {
        try {
            for (String name : List.of("argv", "env", "scontrol", "builds", "modules")) {
                Files.deleteIfExists(out.resolve(name));
            }
            Path reportFile = workDir.resolve(BatchScript.reportFileName(42));
            Files.deleteIfExists(reportFile);
            Path file = root.resolve("job.sh");
            Files.writeString(file, script, UTF_8);
            ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(Map.of(
                    "PATH", bin + ":/usr/bin:/bin",
                    "HOME", root.toString(),
                    "LANG", "C.UTF-8",
                    "SLURM_JOB_ID", "42",
                    "SLURMD_NODENAME", "node1",
                    "HPC_TEST_OUT", out.toString(),
                    "TEST_SECRET", "s3cr3t 'quoted' $(id)"));
            builder.redirectOutput(root.resolve("stdout").toFile()).redirectError(root.resolve("stderr").toFile());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("script did not finish within 60 s");
            }
            return new Run(process.exitValue(),
                    Files.readString(root.resolve("stdout")),
                    Files.readString(root.resolve("stderr")),
                    nulSeparated(out.resolve("argv")),
                    environment(nulSeparated(out.resolve("env"))),
                    Files.exists(reportFile) ? Files.readString(reportFile) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = new String(Files.readAllBytes(file), UTF_8);
        List<String> items = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        if (!items.isEmpty() && items.get(items.size() - 1).isEmpty()) {
            items.remove(items.size() - 1);
        }
        return items;
    }

    private static Map<String, String> environment(List<String> entries) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return environment;
    }
}
