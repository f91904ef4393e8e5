package io.hpcorchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the local SLURM cluster that {@code scripts/dev-cluster.sh up} starts and writes to
 * {@code cluster.env}. Integration tests fail, rather than skip, when it is missing: they exist to run
 * against the real cluster.
 */
public record DevCluster(Map<String, String> settings) {

    public static final Path DEFAULT_ENV_FILE = Path.of("/var/lib/hpc-dev-cluster/cluster.env");

    public static DevCluster load() {
        Path file = Path.of(System.getenv().getOrDefault("HPC_DEV_CLUSTER_ENV", DEFAULT_ENV_FILE.toString()));
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no local SLURM cluster settings at " + file
                    + "; start the cluster with scripts/dev-cluster.sh up (scripts/run-tests.sh does)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                    settings.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DevCluster(Map.copyOf(settings));
    }

    public String get(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is missing from the cluster settings; rerun scripts/dev-cluster.sh up");
        }
        return value;
    }

    public Path workDir() {
        return Path.of(get("HPC_WORK_DIR"));
    }

    public Path imagesDir() {
        return Path.of(get("HPC_IMAGES_DIR"));
    }

    public String partition() {
        return get("SLURM_PARTITION");
    }
}
