package io.hpcorchestrator.logs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The local PostgreSQL that {@code scripts/dev-postgres.sh up} starts, from the settings file it writes
 * ({@code HPC_DEV_POSTGRES_ENV} names another). Fails with what to do when it is missing or down.
 */
public record DevPostgres(String url, String user, String password) {

    private static final String DEFAULT_ENV_FILE = "/var/lib/hpc-dev-postgres/postgres.env";

    public static DevPostgres load() {
        String configured = System.getenv("HPC_DEV_POSTGRES_ENV");
        Path file = Path.of(configured == null || configured.isBlank() ? DEFAULT_ENV_FILE : configured);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("PostgreSQL settings " + file + " are missing: start the database with "
                    + "'scripts/dev-postgres.sh up' (as root), or point HPC_DEV_POSTGRES_ENV at a file with HPC_TEST_DATABASE_URL, "
                    + "HPC_TEST_DATABASE_USER and HPC_TEST_DATABASE_PASSWORD");
        }
        Map<String, String> settings = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    settings.put(line.substring(0, eq).trim(), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DevPostgres postgres = new DevPostgres(required(settings, "HPC_TEST_DATABASE_URL", file), required(settings, "HPC_TEST_DATABASE_USER", file),
                required(settings, "HPC_TEST_DATABASE_PASSWORD", file));
        try (Connection ignored = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password())) {
            return postgres;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + postgres.url() + " (settings from " + file + "): " + e.getMessage()
                    + "; 'scripts/dev-postgres.sh status' tells whether it runs", e);
        }
    }

    private static String required(Map<String, String> settings, String key, Path file) {
        String value = settings.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(file + " has no " + key + "; rerun 'scripts/dev-postgres.sh up'");
        }
        return value;
    }

    /** The URL with {@code currentSchema} set, for a test's private schema. */
    public String urlWithSchema(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
