package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.store.LineScope;
import io.hpcorchestrator.logs.store.LogLine;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.Stream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads and searches, each bounded: plain substrings are matched by the database under its statement timeout;
 * regular expressions are tried here on batches of lines, newest first, within a time budget and a cap on the lines
 * tried, and the answer says when it stopped early.
 */
@Component
class LogQueries {

    private static final int SCAN_BATCH = 1000;

    private final LogStore store;
    private final LogsProperties.Query limits;

    LogQueries(LogStore store, LogsProperties properties) {
        this.store = store;
        this.limits = properties.query();
    }

    /** What a scan found, newest first. */
    record Found(List<LogLine> lines, boolean limited, long scanned) {
    }

    /**
     * The newest {@code count} lines (after skipping {@code skip} matches) within {@code scope}, with ids from
     * {@code fromId} on; filtered by {@code q} when given.
     */
    Found newest(LineScope scope, Stream stream, long fromId, String q, boolean regex, int skip, int count) {
        if (q == null || !regex) {
            return new Found(store.newestFirst(scope, stream, fromId, Long.MAX_VALUE, q, count, skip), false, 0);
        }
        Pattern pattern = BoundedRegex.compile("q", q);
        long deadline = System.nanoTime() + limits.regexBudget().toNanos();
        List<LogLine> found = new ArrayList<>();
        long before = Long.MAX_VALUE;
        long scanned = 0;
        int skipped = 0;
        try {
            while (found.size() < count) {
                int batch = (int) Math.min(SCAN_BATCH, limits.maxScanLines() - scanned);
                if (batch <= 0) {
                    return new Found(found, true, scanned);
                }
                List<LogLine> lines = store.newestFirst(scope, stream, fromId, before, null, batch, 0);
                if (lines.isEmpty()) {
                    break;
                }
                for (LogLine line : lines) {
                    scanned++;
                    if (BoundedRegex.find(pattern, line.text(), deadline)) {
                        if (skipped < skip) {
                            skipped++;
                        } else {
                            found.add(line);
                            if (found.size() == count) {
                                break;
                            }
                        }
                    }
                }
                before = lines.get(lines.size() - 1).id();
            }
        } catch (BoundedRegex.BudgetExceeded e) {
            return new Found(found, true, scanned);
        }
        return new Found(found, false, scanned);
    }

    static List<LogLine> oldestFirst(List<LogLine> newestFirst) {
        List<LogLine> lines = new ArrayList<>(newestFirst);
        Collections.reverse(lines);
        return lines;
    }
}
