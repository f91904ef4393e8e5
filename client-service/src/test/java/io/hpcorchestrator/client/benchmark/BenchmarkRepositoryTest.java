package io.hpcorchestrator.client.benchmark;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The repository contract on H2, the client's default database. */
class BenchmarkRepositoryTest extends BenchmarkRepositoryContract {

    private SingleConnectionDataSource dataSource;

    @Override
    DataSource openDatabase() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:benchmarks-" + UUID.randomUUID(), "sa", "", true);
        return dataSource;
    }

    @Override
    void closeDatabase() {
        if (dataSource != null) {
            dataSource.destroy();
        }
    }
}
