package io.hpcorchestrator.logs.store;

import java.time.Instant;

/**
 * One stored line of job output.
 *
 * @param id          unique and increasing in the order lines were stored; the SSE event id
 * @param lineNo      the line's number in its file, from 1; it keeps counting across a truncation of the file
 * @param collectedAt when the collector read it (not when the job wrote it, which files do not record)
 * @param text        the line without its newline, secrets masked
 */
public record LogLine(long id, String serviceId, Long jobId, String stream, long lineNo, Instant collectedAt, String text) {
}
