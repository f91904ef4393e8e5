package io.hpcorchestrator.server.service;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The repository contract on H2, the server's default database, in the server's H2 mode (none). */
class ServiceRepositoryTest extends ServiceRepositoryContract {

    private SingleConnectionDataSource dataSource;

    @Override
    DataSource openDatabase() {
        // A private in-memory database that disappears with its only connection.
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:repository-" + UUID.randomUUID(), "sa", "", true);
        return dataSource;
    }

    @Override
    void defaultTimeZoneChanged() {
        // H2 reads the JVM's zone once and keeps it.
        org.h2.util.DateTimeUtils.resetCalendar();
    }

    @Override
    void closeDatabase() {
        if (dataSource != null) {
            dataSource.destroy();
            dataSource = null;
        }
    }
}
