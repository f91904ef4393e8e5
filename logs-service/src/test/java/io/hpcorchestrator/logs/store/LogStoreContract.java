package io.hpcorchestrator.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.TestLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link LogStore} promises, on each database the logs service supports, migrated by the real Flyway scripts. */
abstract class LogStoreContract {

    static final Instant T0 = Instant.parse("2026-03-29T00:59:58.123456Z");
    static final String SVC = "svc-0123456789ab";
    static final String OTHER = "svc-ba9876543210";

    LogStore store;
    long lastId;

    abstract DataSource openDatabase() throws Exception;

    abstract void closeDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        LogsProperties properties = TestLogs.properties(Map.of());
        store = TestLogs.store(openDatabase(), properties);
        store.saveService(service(SVC, 42L, "alice"));
        store.saveService(service(OTHER, 43L, "bob"));
    }

    @AfterEach
    void close() throws Exception {
        closeDatabase();
    }

    static LoggedService service(String id, Long jobId, String owner) {
        return new LoggedService(id, jobId, "hpc-" + id, "tests/numbers", "RUNNING", null, LoggedService.COLLECTING, T0, T0, owner);
    }

    /** Appends lines to a source the way the collector does, ids after the last one. */
    SourceState append(SourceState source, Instant at, String... texts) {
        List<NewLine> lines = new ArrayList<>();
        long lineNo = source.nextLine();
        long bytes = 0;
        for (String text : texts) {
            lines.add(new NewLine(lineNo++, text, text.length() + 1));
            bytes += text.length() + 1;
        }
        SourceState next = source.withRead(source.readOffset() + bytes, source.readOffset() + bytes, lineNo, texts.length, bytes, at);
        store.append(next, lines, lastId + 1, at);
        lastId += texts.length;
        return next;
    }

    @Test
    void servicesAndSourcesAreStoredAndUpdatedInPlace() {
        LoggedService ended = new LoggedService(SVC, 42L, "hpc-x", "tests/numbers", "COMPLETED", T0.plusSeconds(5), LoggedService.DONE, T0,
                T0.plusSeconds(6), "alice");
        store.saveService(ended);
        SourceState source = SourceState.start(SVC, Stream.STDOUT, "/work/x-42.out", 42L);
        store.saveSource(source);
        store.saveSource(source.truncated(3));

        assertThat(store.findService(SVC)).hasValue(ended);
        assertThat(store.findServiceByJobId(42)).hasValue(ended);
        assertThat(store.services()).hasSize(2);
        assertThat(store.sources()).singleElement().satisfies(s -> {
            assertThat(s.truncations()).isEqualTo(1);
            assertThat(s.fileSize()).isEqualTo(3);
            assertThat(s.path()).isEqualTo("/work/x-42.out");
        });
    }

    @Test
    void appendedLinesCarryIncreasingIdsAndTheSourcesNewPosition() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        store.saveSource(out);
        out = append(out, T0, "line 0", "line 1");
        out = append(out, T0.plusSeconds(1), "line 2");

        List<LogLine> lines = store.after(SVC, null, 0, 100);
        assertThat(lines).extracting(LogLine::id).containsExactly(1L, 2L, 3L);
        assertThat(lines).extracting(LogLine::lineNo).containsExactly(1L, 2L, 3L);
        assertThat(lines).extracting(LogLine::text).containsExactly("line 0", "line 1", "line 2");
        assertThat(lines.get(2).collectedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(lines.get(0).jobId()).isEqualTo(42L);
        assertThat(store.lastLineId()).isEqualTo(3);
        SourceState stored = store.sourcesOf(SVC).get(0);
        assertThat(stored.readOffset()).isEqualTo(out.readOffset());
        assertThat(stored.storedLines()).isEqualTo(3);
        assertThat(stored.nextLine()).isEqualTo(4);
        assertThat(stored.lastLineAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void readsFilterByServiceStreamIdRangeAndSubstringNewestFirst() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        SourceState err = SourceState.start(SVC, Stream.STDERR, "/e", 42L);
        SourceState other = SourceState.start(OTHER, Stream.STDOUT, "/x", 43L);
        out = append(out, T0, "alpha", "50% done_ok", "beta");
        err = append(err, T0, "warning: alpha");
        other = append(other, T0, "alpha elsewhere");

        assertThat(store.newestFirst(LineScope.of(SVC), null, 0, Long.MAX_VALUE, null, 10, 0)).extracting(LogLine::text)
                .containsExactly("warning: alpha", "beta", "50% done_ok", "alpha");
        assertThat(store.newestFirst(LineScope.of(SVC), Stream.STDERR, 0, Long.MAX_VALUE, null, 10, 0)).extracting(LogLine::text)
                .containsExactly("warning: alpha");
        assertThat(store.newestFirst(LineScope.of(SVC), null, 0, Long.MAX_VALUE, "alpha", 10, 0)).extracting(LogLine::text)
                .containsExactly("warning: alpha", "alpha");
        assertThat(store.newestFirst(LineScope.EVERYONE, null, 0, Long.MAX_VALUE, "alpha", 10, 0)).extracting(LogLine::serviceId)
                .containsExactly(OTHER, SVC, SVC);
        assertThat(store.newestFirst(LineScope.EVERYONE, null, 0, Long.MAX_VALUE, "alpha", 1, 1)).extracting(LogLine::text)
                .containsExactly("warning: alpha");
        // % and _ are text, not wildcards.
        assertThat(store.newestFirst(LineScope.of(SVC), null, 0, Long.MAX_VALUE, "0% done_", 10, 0)).extracting(LogLine::text)
                .containsExactly("50% done_ok");
        assertThat(store.newestFirst(LineScope.of(SVC), null, 0, Long.MAX_VALUE, "_", 10, 0)).extracting(LogLine::text)
                .containsExactly("50% done_ok");
        assertThat(store.newestFirst(LineScope.of(SVC), null, 2, 4, null, 10, 0)).extracting(LogLine::id).containsExactly(3L, 2L);
        assertThat(store.after(SVC, Stream.STDOUT, 1, 10)).extracting(LogLine::text).containsExactly("50% done_ok", "beta");
        assertThat(store.nthNewestId(SVC, null, 2)).hasValue(3);
        assertThat(store.nthNewestId(SVC, Stream.STDERR, 2)).isEmpty();
    }

    @Test
    void timesBecomeIdBounds() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        out = append(out, T0, "a");
        out = append(out, T0.plusSeconds(10), "b");
        out = append(out, T0.plusSeconds(20), "c");

        assertThat(store.firstIdCollectedFrom(T0.plusSeconds(10))).hasValue(2);
        assertThat(store.firstIdCollectedFrom(T0.plusSeconds(21))).isEmpty();
        assertThat(store.lastIdCollectedBefore(T0.plusSeconds(20))).hasValue(2);
        assertThat(store.lastIdCollectedBefore(T0)).isEmpty();
        assertThat(store.lastIdCollectedBefore(T0.plusSeconds(30))).hasValue(3);
        assertThat(store.lastCollectedAt()).hasValue(T0.plusSeconds(20));

        store.deleteUpTo(1);
        assertThat(store.firstIdCollectedFrom(T0)).hasValue(2);
        assertThat(store.firstIdCollectedFrom(T0.plusSeconds(15))).hasValue(3);
        for (int i = 0; i < 40; i++) {
            out = append(out, T0.plusSeconds(100 + i), "x" + i);
        }
        assertThat(store.firstIdCollectedFrom(T0.plusSeconds(117))).hasValue(3 + 18);
        assertThat(store.lastIdCollectedBefore(T0.plusSeconds(117))).hasValue(3 + 17);
    }

    @Test
    void deletingTheOldestLinesTakesThemOffTheirSourcesAndKeepsTheLastId() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        SourceState other = SourceState.start(OTHER, Stream.STDOUT, "/x", 43L);
        out = append(out, T0, "0123456789", "0123456789");
        other = append(other, T0, "0123456789");
        out = append(out, T0, "0123456789");

        // Each line counts 11 bytes: freeing 12 takes the first two.
        assertThat(store.idFreeing(12)).hasValue(2);
        assertThat(store.idFreeing(1000)).isEmpty();
        List<LogStore.Removed> removed = store.deleteUpTo(3);

        assertThat(removed).containsExactlyInAnyOrder(new LogStore.Removed(SVC, Stream.STDOUT, 2, 22),
                new LogStore.Removed(OTHER, Stream.STDOUT, 1, 11));
        assertThat(store.after(SVC, null, 0, 10)).extracting(LogLine::id).containsExactly(4L);
        assertThat(store.sourcesOf(SVC).get(0).storedLines()).isEqualTo(1);
        assertThat(store.sourcesOf(SVC).get(0).storedBytes()).isEqualTo(11);
        assertThat(store.sourcesOf(OTHER).get(0).storedLines()).isZero();

        store.deleteUpTo(4);
        assertThat(store.after(SVC, null, 0, 10)).isEmpty();
        assertThat(store.lastLineId()).as("ids never repeat, even with every line deleted").isEqualTo(4);
        assertThat(store.deleteUpTo(10)).isEmpty();
    }

    @Test
    void deletionsSpanningManyBatchesRemoveEverythingAskedFor() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        String[] texts = new String[50_000];
        java.util.Arrays.fill(texts, "x");
        out = append(out, T0, texts);
        out = append(out, T0, "last");

        store.deleteUpTo(50_000);

        assertThat(store.after(SVC, null, 0, 10)).extracting(LogLine::text).containsExactly("last");
        assertThat(store.sourcesOf(SVC).get(0).storedLines()).isEqualTo(1);
    }

    @Test
    void servicesAreListedWithTheirSources() {
        SourceState out = SourceState.start(SVC, Stream.STDOUT, "/o", 42L);
        store.saveSource(SourceState.start(SVC, Stream.STDERR, "/e", 42L));
        append(out, T0, "a");

        List<LogStore.ServiceLogs> services = store.listServices(null, 10, 0);
        assertThat(services).extracting(s -> s.service().serviceId()).containsExactlyInAnyOrder(SVC, OTHER);
        LogStore.ServiceLogs svc = services.stream().filter(s -> s.service().serviceId().equals(SVC)).findFirst().orElseThrow();
        assertThat(svc.sources()).extracting(SourceState::stream).containsExactly(Stream.STDERR, Stream.STDOUT);
        assertThat(store.listServices(null, 1, 1)).hasSize(1);
    }

    @Test
    void eachOwnersServicesAndLinesAreReadApart() {
        append(SourceState.start(SVC, Stream.STDOUT, "/o", 42L), T0, "alice's line");
        append(SourceState.start(OTHER, Stream.STDOUT, "/x", 43L), T0, "bob's line");

        assertThat(store.findService(SVC)).get().extracting(LoggedService::owner).isEqualTo("alice");
        assertThat(store.listServices("alice", 10, 0)).extracting(s -> s.service().serviceId()).containsExactly(SVC);
        assertThat(store.listServices("bob", 10, 0)).extracting(s -> s.service().serviceId()).containsExactly(OTHER);
        assertThat(store.listServices("carol", 10, 0)).isEmpty();
        assertThat(store.newestFirst(LineScope.ownedBy("alice"), null, 0, Long.MAX_VALUE, "line", 10, 0)).extracting(LogLine::text)
                .containsExactly("alice's line");
        assertThat(store.newestFirst(LineScope.ownedBy("carol"), null, 0, Long.MAX_VALUE, null, 10, 0)).isEmpty();
        assertThat(store.newestFirst(LineScope.EVERYONE, null, 0, Long.MAX_VALUE, "line", 10, 0)).extracting(LogLine::text)
                .containsExactly("bob's line", "alice's line");
    }
}
