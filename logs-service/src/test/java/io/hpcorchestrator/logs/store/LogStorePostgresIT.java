package io.hpcorchestrator.logs.store;

import io.hpcorchestrator.logs.it.DevPostgres;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The store contract on the local PostgreSQL ({@code scripts/dev-postgres.sh up}), each test in a schema of its own,
 * dropped after. Fails rather than skips without the database: a skipped database test proves nothing.
 */
class LogStorePostgresIT extends LogStoreContract {

    private String schema;
    private SingleConnectionDataSource dataSource;

    @Override
    DataSource openDatabase() {
        DevPostgres postgres = DevPostgres.load();
        schema = "logs_" + java.util.UUID.randomUUID().toString().replace("-", "");
        dataSource = new SingleConnectionDataSource(postgres.urlWithSchema(schema), postgres.user(), postgres.password(), true);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true).table("logs_schema_history").load().migrate();
        return dataSource;
    }

    @Override
    void closeDatabase() throws Exception {
        if (dataSource != null) {
            dataSource.destroy();
        }
        DevPostgres postgres = DevPostgres.load();
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
