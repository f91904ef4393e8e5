package io.hpcorchestrator.logs.store;

import java.time.Instant;

/**
 * A service as the logs service knows it: what the server last said, and whether its output is still collected.
 *
 * @param owner           the user who deployed it, whose logs these are; null when the server did not say, which
 *                        leaves them to admins
 * @param status          the server's lifecycle state, or {@code VANISHED} once the server no longer lists it
 * @param endedAt         when the job ended, or when the collector first saw it ended; null while it runs
 * @param collectionState {@code COLLECTING} or {@code DONE}
 */
public record LoggedService(String serviceId, Long jobId, String name, String recipeName, String status, Instant endedAt,
        String collectionState, Instant firstSeenAt, Instant updatedAt, String owner) {

    public static final String COLLECTING = "COLLECTING";
    public static final String DONE = "DONE";

    public boolean done() {
        return DONE.equals(collectionState);
    }

    public LoggedService withOwner(String newOwner) {
        return new LoggedService(serviceId, jobId, name, recipeName, status, endedAt, collectionState, firstSeenAt, updatedAt, newOwner);
    }
}
