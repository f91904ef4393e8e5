package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.SourceState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A service with what is stored of its output.
 *
 * @param status           the server's lifecycle state as last seen, {@code VANISHED} once the server stopped listing it
 * @param collectionState  {@code collecting}, or {@code done} once the job ended and its files were read to the end
 * @param storedLines      lines stored now, both streams (retention may have deleted older ones)
 * @param storedBytes      their size as read from the files
 * @param lastUpdate       when the last line was collected
 * @param files            one entry per output file
 */
record ServiceLogsView(String serviceId, Long jobId, String name, String recipeName, String status, String collectionState,
        Instant endedAt, long storedLines, long storedBytes, Instant lastUpdate, List<FileView> files) {

    /**
     * @param fileSize    the file's size at the last read that stored lines
     * @param readOffset  bytes read and stored
     * @param truncations how often the file was found shorter than what had been read
     */
    record FileView(String stream, String path, long fileSize, long readOffset, long storedLines, long storedBytes, int truncations,
            String state, Instant lastLineAt) {
    }

    static ServiceLogsView of(LogStore.ServiceLogs logs) {
        List<FileView> files = logs.sources().stream().map(ServiceLogsView::file).toList();
        Instant last = logs.sources().stream().map(SourceState::lastLineAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(null);
        var s = logs.service();
        return new ServiceLogsView(s.serviceId(), s.jobId(), s.name(), s.recipeName(), s.status(), lower(s.collectionState()), s.endedAt(),
                files.stream().mapToLong(FileView::storedLines).sum(), files.stream().mapToLong(FileView::storedBytes).sum(), last, files);
    }

    private static FileView file(SourceState s) {
        return new FileView(s.stream().key(), s.path(), s.fileSize(), s.readOffset(), s.storedLines(), s.storedBytes(), s.truncations(),
                lower(s.state()), s.lastLineAt());
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
