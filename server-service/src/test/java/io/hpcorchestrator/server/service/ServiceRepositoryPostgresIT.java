package io.hpcorchestrator.server.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The repository contract on a real PostgreSQL, started by {@code scripts/dev-postgres.sh up}. Settings come from
 * the file that script writes ({@code HPC_DEV_POSTGRES_ENV} names another). Without them the test fails rather than
 * skips: a skipped database test passes CI while proving nothing.
 */
class ServiceRepositoryPostgresIT extends ServiceRepositoryContract {

    private static final String DEFAULT_ENV_FILE = "/var/lib/hpc-dev-postgres/postgres.env";

    private static String url;
    private static String user;
    private static String password;

    private String schema;
    private SingleConnectionDataSource dataSource;

    @BeforeAll
    static void readSettings() throws IOException {
        String configured = System.getenv("HPC_DEV_POSTGRES_ENV");
        Path file = Path.of(configured == null || configured.isBlank() ? DEFAULT_ENV_FILE : configured);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("PostgreSQL settings " + file + " are missing or unreadable: start the database with "
                    + "'scripts/dev-postgres.sh up' (as root), or point HPC_DEV_POSTGRES_ENV at a file with HPC_TEST_DATABASE_URL, "
                    + "HPC_TEST_DATABASE_USER and HPC_TEST_DATABASE_PASSWORD");
        }
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                settings.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        url = required(settings, "HPC_TEST_DATABASE_URL", file);
        user = required(settings, "HPC_TEST_DATABASE_USER", file);
        password = required(settings, "HPC_TEST_DATABASE_PASSWORD", file);
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            // Connected: the database is up.
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + " as " + user + " (settings from " + file + "): " + e.getMessage()
                    + "; is the database running? 'scripts/dev-postgres.sh status' tells", e);
        }
    }

    private static String required(Map<String, String> settings, String key, Path file) {
        String value = settings.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(file + " has no " + key + "; rerun 'scripts/dev-postgres.sh up'");
        }
        return value;
    }

    @Override
    DataSource openDatabase() {
        // A schema of its own per test, so tests never see each other's rows and runs never see leftovers.
        schema = "repository_" + UUID.randomUUID().toString().replace("-", "");
        dataSource = new SingleConnectionDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password,
                true);
        return dataSource;
    }

    @Override
    FluentConfiguration flyway(DataSource dataSource) {
        return super.flyway(dataSource).schemas(schema).createSchemas(true);
    }

    @Override
    void closeDatabase() throws SQLException {
        if (dataSource != null) {
            dataSource.destroy();
            dataSource = null;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
