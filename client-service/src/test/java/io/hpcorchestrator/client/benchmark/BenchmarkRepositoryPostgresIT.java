package io.hpcorchestrator.client.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The repository contract on a real PostgreSQL, started by {@code scripts/dev-postgres.sh up}; settings from the file
 * that script writes ({@code HPC_DEV_POSTGRES_ENV} names another). Fails rather than skips without them.
 */
class BenchmarkRepositoryPostgresIT extends BenchmarkRepositoryContract {

    private static String url;
    private static String user;
    private static String password;

    private String schema;
    private SingleConnectionDataSource dataSource;

    @BeforeAll
    static void readSettings() throws Exception {
        String configured = System.getenv("HPC_DEV_POSTGRES_ENV");
        Path file = Path.of(configured == null || configured.isBlank() ? "/var/lib/hpc-dev-postgres/postgres.env" : configured);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("PostgreSQL settings " + file + " are missing: start the database with 'scripts/dev-postgres.sh up'");
        }
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                settings.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        url = settings.get("HPC_TEST_DATABASE_URL");
        user = settings.get("HPC_TEST_DATABASE_USER");
        password = settings.get("HPC_TEST_DATABASE_PASSWORD");
        if (url == null || user == null || password == null) {
            throw new IllegalStateException(file + " lacks HPC_TEST_DATABASE_URL, _USER or _PASSWORD; rerun 'scripts/dev-postgres.sh up'");
        }
    }

    @Override
    DataSource openDatabase() {
        schema = "client_repository_" + UUID.randomUUID().toString().replace("-", "");
        dataSource = new SingleConnectionDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, true);
        return dataSource;
    }

    @Override
    FluentConfiguration flyway(DataSource dataSource) {
        return super.flyway(dataSource).schemas(schema).createSchemas(true);
    }

    @Override
    void closeDatabase() throws Exception {
        if (dataSource != null) {
            dataSource.destroy();
        }
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
