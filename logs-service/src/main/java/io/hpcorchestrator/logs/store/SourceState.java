package io.hpcorchestrator.logs.store;

import java.time.Instant;

/**
 * How far one output file has been read, and what of it is stored.
 *
 * @param readOffset  bytes consumed: the end of the last complete line stored, where the next read starts
 * @param fileSize    the file's size at the last read that stored lines
 * @param nextLine    the number the next line gets
 * @param truncations how often the file was found shorter than what had been read (truncated or replaced)
 * @param state       {@code COLLECTING} or {@code DONE}
 */
public record SourceState(String serviceId, Stream stream, String path, Long jobId, long readOffset, long fileSize, long nextLine,
        long storedLines, long storedBytes, int truncations, String state, Instant lastLineAt) {

    public static SourceState start(String serviceId, Stream stream, String path, Long jobId) {
        return new SourceState(serviceId, stream, path, jobId, 0, 0, 1, 0, 0, 0, LoggedService.COLLECTING, null);
    }

    public boolean done() {
        return LoggedService.DONE.equals(state);
    }

    public SourceState withRead(long readOffset, long fileSize, long nextLine, long addedLines, long addedBytes, Instant lastLineAt) {
        return new SourceState(serviceId, stream, path, jobId, readOffset, fileSize, nextLine, storedLines + addedLines,
                storedBytes + addedBytes, truncations, state, lastLineAt == null ? this.lastLineAt : lastLineAt);
    }

    /** Read again from the start: the file shrank under the collector. */
    public SourceState truncated(long fileSize) {
        return new SourceState(serviceId, stream, path, jobId, 0, fileSize, nextLine, storedLines, storedBytes, truncations + 1, state,
                lastLineAt);
    }

    /** Another file for the same stream (the server resubmitted the service): read it from the start. */
    public SourceState movedTo(String newPath, Long newJobId) {
        return new SourceState(serviceId, stream, newPath, newJobId, 0, 0, nextLine, storedLines, storedBytes, truncations, state,
                lastLineAt);
    }

    public SourceState finished() {
        return new SourceState(serviceId, stream, path, jobId, readOffset, fileSize, nextLine, storedLines, storedBytes, truncations,
                LoggedService.DONE, lastLineAt);
    }

    public SourceState withoutStored(long lines, long bytes) {
        return new SourceState(serviceId, stream, path, jobId, readOffset, fileSize, nextLine, Math.max(0, storedLines - lines),
                Math.max(0, storedBytes - bytes), truncations, state, lastLineAt);
    }
}
