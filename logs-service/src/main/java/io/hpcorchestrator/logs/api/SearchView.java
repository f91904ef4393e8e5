package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.store.LogLine;
import java.util.List;

/**
 * One page of matching lines across services, newest first.
 *
 * @param hasMore      whether a next page has lines
 * @param limited      true when a regular expression search stopped at its time budget or line cap: the page may miss
 *                     older matches
 * @param scannedLines lines a regular expression was tried on (0 without one)
 */
record SearchView(String q, boolean regex, String stream, int page, int size, List<LogLine> lines, boolean hasMore, boolean limited,
        long scannedLines) {
}
