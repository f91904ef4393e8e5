package io.hpcorchestrator.logs.store;

import java.util.Locale;

/** Which of a job's output files a line comes from. */
public enum Stream {
    STDOUT,
    STDERR;

    /** The name in the database and the API. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Stream of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
