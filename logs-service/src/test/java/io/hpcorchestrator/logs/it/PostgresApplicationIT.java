package io.hpcorchestrator.logs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.logs.store.LogLine;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.NewLine;
import io.hpcorchestrator.logs.store.SourceState;
import io.hpcorchestrator.logs.store.Stream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application's own database settings on PostgreSQL, in a schema that already holds another service's tables (as
 * when it shares the server's): Flyway baselines its own history table there and migrates; storing and reading work.
 */
@SpringBootTest
@DirtiesContext
class PostgresApplicationIT {

    private static final DevPostgres POSTGRES = DevPostgres.load();
    private static final String SCHEMA = "logs_app_" + UUID.randomUUID().toString().replace("-", "");

    @Autowired
    LogStore store;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES.url(), POSTGRES.user(), POSTGRES.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + SCHEMA);
            statement.execute("create table " + SCHEMA + ".services (id varchar(40) primary key)");
        }
        registry.add("spring.datasource.url", () -> POSTGRES.urlWithSchema(SCHEMA));
        registry.add("spring.datasource.username", POSTGRES::user);
        registry.add("spring.datasource.password", POSTGRES::password);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES.url(), POSTGRES.user(), POSTGRES.password());
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void migratesBesideAnotherServicesTablesAndStoresLines() {
        List<String> versions = jdbc.queryForList("select version from logs_schema_history where success order by installed_rank",
                String.class);
        assertThat(versions).containsExactly("0", "1", "2");
        assertThat(jdbc.queryForObject("select count(*) from services", Long.class)).isZero();

        Instant now = Instant.now();
        store.saveService(new LoggedService("svc-0123456789ab", 7L, "n", "tests/n", "RUNNING", null, LoggedService.COLLECTING, now, now, "alice"));
        SourceState source = SourceState.start("svc-0123456789ab", Stream.STDOUT, "/o", 7L);
        store.append(source.withRead(6, 6, 2, 1, 5, now), List.of(new NewLine(1, "hello", 5)), store.lastLineId() + 1, now);

        assertThat(store.after("svc-0123456789ab", null, 0, 10)).extracting(LogLine::text).containsExactly("hello");
    }
}
