package io.hpcorchestrator.server.service;

import java.util.List;

/**
 * The end of a job's output files.
 *
 * @param truncated true when the lines shown do not start at the beginning of the file
 */
public record LogsView(String id, Long jobId, String stream, String path, long size, boolean truncated, List<String> lines) {
}
