package io.hpcorchestrator.logs;

import io.hpcorchestrator.logs.store.LogStore;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Settings and databases for tests that build the logs service's parts by hand. */
public final class TestLogs {

    private TestLogs() {
    }

    /** {@code hpc.logs.*} with its defaults, then {@code overrides} (keys below {@code hpc.logs}, e.g. {@code collect.linger}). */
    public static LogsProperties properties(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        overrides.forEach((key, value) -> values.put("hpc.logs." + key, value));
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("hpc.logs", LogsProperties.class);
    }

    /** A private in-memory H2 database, migrated. */
    public static DataSource h2() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:logs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).table("logs_schema_history").load().migrate();
        return dataSource;
    }

    public static LogStore store(DataSource dataSource, LogsProperties properties) {
        return new LogStore(dataSource, new DataSourceTransactionManager(dataSource), properties);
    }
}
