package io.hpcorchestrator.logs.store;

import io.hpcorchestrator.logs.TestLogs;
import javax.sql.DataSource;

class LogStoreH2Test extends LogStoreContract {

    @Override
    DataSource openDatabase() {
        return TestLogs.h2();
    }

    @Override
    void closeDatabase() {
        // In memory: gone with its last connection.
    }
}
