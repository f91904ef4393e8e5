package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.store.LogLine;
import java.util.List;

/**
 * Lines of one service, oldest first.
 *
 * @param limited      true when a regular expression search stopped at its time budget or line cap before finding
 *                     {@code tail} lines: older matches may exist
 * @param scannedLines lines a regular expression was tried on (0 without one)
 */
record LinesView(String serviceId, Long jobId, String stream, String collectionState, List<LogLine> lines, boolean limited,
        long scannedLines) {
}
