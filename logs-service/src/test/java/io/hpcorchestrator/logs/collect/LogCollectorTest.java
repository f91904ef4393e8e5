package io.hpcorchestrator.logs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.TestLogs;
import io.hpcorchestrator.logs.secret.SecretMasker;
import io.hpcorchestrator.logs.secret.SecretsProperties;
import io.hpcorchestrator.logs.store.LinesStored;
import io.hpcorchestrator.logs.store.LogLine;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.SourceState;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.cli.CliSlurmClient;
import io.hpcorchestrator.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

/**
 * The collector driven cycle by cycle on files in a temporary directory, read through the real local transport, into a
 * real (in-memory H2) store. Time is a clock the test moves.
 */
class LogCollectorTest {

    private static final String SVC = "svc-0123456789ab";
    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final Map<String, String> settings = new HashMap<>(Map.of("collect.read-chunk-bytes", "1KB", "collect.max-line-bytes", "256",
            "collect.max-bytes-per-cycle", "4KB", "collect.linger", "10s", "retention.interval", "0s"));
    private DataSource database;
    private LogStore store;
    private SlurmClient slurm;
    private Path out;
    private Path err;

    @BeforeEach
    void setUp() {
        database = TestLogs.h2();
        ClusterProperties cluster = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("hpc.cluster", ClusterProperties.class);
        slurm = CliSlurmClient.local(cluster);
        out = dir.resolve("job-42.out");
        err = dir.resolve("job-42.err");
    }

    @AfterEach
    void tearDown() {
        slurm.close();
    }

    private LogCollector collector() {
        LogsProperties properties = TestLogs.properties(settings);
        store = TestLogs.store(database, properties);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("HPC_SECRET_TOKEN", "hunter2-secret")));
        SecretMasker masker = new SecretMasker(new SecretsProperties("HPC_SECRET_", null), environment);
        ServerPoller poller = new ServerPoller(ServerApiClient.create(RestClient.create("http://127.0.0.1:9")), properties, clock, meters);
        return new LogCollector(store, slurm, masker, poller, properties, clock, events::add, meters);
    }

    private ServiceSummary service(String status, Instant endedAt, String stdout, String stderr) {
        return new ServiceSummary(SVC, 42L, "hpc-numbers", "tests/numbers", status, null, null, "vm", "127.0.0.1", null, null, stdout, stderr,
                T0, T0, T0, endedAt, "alice");
    }

    private ServiceSummary running() {
        return service("RUNNING", null, out.toString(), err.toString());
    }

    private Optional<ServicesSnapshot> listing(ServiceSummary... services) {
        return Optional.of(new ServicesSnapshot(List.of(services), clock.instant()));
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<LogLine> lines() {
        return store.after(SVC, null, 0, 1_000_000);
    }

    private List<String> texts() {
        return lines().stream().map(LogLine::text).toList();
    }

    private SourceState source(String stream) {
        return store.sourcesOf(SVC).stream().filter(s -> s.stream().key().equals(stream)).findFirst().orElseThrow();
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void linesAreStoredOnceEachAsTheFileGrowsAndAPartialLineWaitsForItsNewline() throws IOException {
        LogCollector collector = collector();
        append(out, "line 0\nline 1\npart");
        collector.cycle(listing(running()));
        assertThat(texts()).containsExactly("line 0", "line 1");

        append(out, "ial\nline 3\n");
        collector.cycle(Optional.empty());
        collector.cycle(Optional.empty());

        assertThat(texts()).containsExactly("line 0", "line 1", "partial", "line 3");
        assertThat(lines()).extracting(LogLine::lineNo).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines()).extracting(LogLine::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines()).allSatisfy(line -> {
            assertThat(line.stream()).isEqualTo("stdout");
            assertThat(line.jobId()).isEqualTo(42L);
        });
        assertThat(source("stdout").readOffset()).isEqualTo(Files.size(out));
        assertThat(counter("hpc.logs.collected.lines")).isEqualTo(4);
        assertThat(counter("hpc.logs.collected.bytes")).isEqualTo(Files.size(out));
        assertThat(events).contains(new LinesStored(SVC, 4));
    }

    @Test
    void stdoutAndStderrAreSeparateStreamsAndAFileSharedByBothIsReadOnce() throws IOException {
        LogCollector collector = collector();
        append(out, "to stdout\n");
        append(err, "to stderr\n");
        collector.cycle(listing(running()));
        assertThat(lines()).extracting(LogLine::stream, LogLine::text)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("stdout", "to stdout"),
                        org.assertj.core.groups.Tuple.tuple("stderr", "to stderr"));

        String other = "svc-ffffffffffff";
        Path merged = dir.resolve("merged.out");
        append(merged, "both\n");
        collector.cycle(listing(running(), new ServiceSummary(other, 43L, "m", "tests/m", "RUNNING", null, null, null, null, null, null,
                merged.toString(), merged.toString(), T0, T0, T0, null, "alice")));
        assertThat(store.sourcesOf(other)).singleElement().satisfies(s -> assertThat(s.stream().key()).isEqualTo("stdout"));
        assertThat(store.after(other, null, 0, 10)).extracting(LogLine::text).containsExactly("both");
    }

    @Test
    void aPartialLastLineIsStoredOnceTheJobHasEnded() throws IOException {
        LogCollector collector = collector();
        append(out, "done\nno newline at the end");
        collector.cycle(listing(running()));
        assertThat(texts()).containsExactly("done");

        collector.cycle(listing(service("COMPLETED", T0, out.toString(), err.toString())));
        assertThat(texts()).containsExactly("done", "no newline at the end");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStartAndTheTruncationIsRecorded() throws IOException {
        LogCollector collector = collector();
        append(out, "old 1\nold 2\nold 3\n");
        collector.cycle(listing(running()));

        Files.writeString(out, "new 1\n");
        collector.cycle(Optional.empty());

        assertThat(texts()).containsExactly("old 1", "old 2", "old 3", "new 1");
        assertThat(lines()).extracting(LogLine::lineNo).containsExactly(1L, 2L, 3L, 4L);
        assertThat(source("stdout").truncations()).isEqualTo(1);
        assertThat(source("stdout").readOffset()).isEqualTo(6);
        assertThat(counter("hpc.logs.truncations")).isEqualTo(1);
    }

    @Test
    void readsNeverExceedTheChunkSizeAndABacklogIsSpreadOverCycles() throws IOException {
        LogCollector collector = collector();
        StringBuilder text = new StringBuilder();
        IntStream.range(0, 2000).forEach(i -> text.append("line ").append(i).append('\n'));
        append(out, text.toString());

        int cycles = 1;
        boolean more = collector.cycle(listing(running()));
        assertThat(more).as("18 KB with 4 KB per cycle").isTrue();
        while (more) {
            more = collector.cycle(Optional.empty());
            cycles++;
        }

        assertThat(texts()).hasSize(2000).first().isEqualTo("line 0");
        assertThat(texts()).last().isEqualTo("line 1999");
        assertThat(cycles).isGreaterThanOrEqualTo((int) (Files.size(out) / 4096));
        assertThat(meters.get("hpc.logs.read.largest").gauge().value()).isLessThanOrEqualTo(1024);
        assertThat(meters.get("hpc.logs.read.chunk").summary().max()).isLessThanOrEqualTo(1024);
    }

    @Test
    void aLineLongerThanTheLimitIsStoredInPieces() throws IOException {
        LogCollector collector = collector();
        append(out, "x".repeat(600) + "\nshort\n");
        collector.cycle(listing(running()));
        assertThat(texts()).containsExactly("x".repeat(256), "x".repeat(256), "x".repeat(88), "short");
    }

    @Test
    void collectionGoesOnForTheLingerAfterTheJobEndedThenStops() throws IOException {
        LogCollector collector = collector();
        append(out, "before the end\n");
        collector.cycle(listing(service("COMPLETED", T0, out.toString(), err.toString())));
        clock.advance(Duration.ofSeconds(5));
        append(out, "written late\n");
        collector.cycle(Optional.empty());
        assertThat(store.findService(SVC).orElseThrow().done()).isFalse();

        clock.advance(Duration.ofSeconds(6));
        collector.cycle(Optional.empty());
        assertThat(store.findService(SVC).orElseThrow().done()).isTrue();
        assertThat(source("stdout").done()).isTrue();
        assertThat(events).contains(new LinesStored(SVC, 2));

        append(out, "after collection stopped\n");
        collector.cycle(Optional.empty());
        assertThat(texts()).containsExactly("before the end", "written late");
    }

    @Test
    void aServiceThatEndedWithoutAJobIsDoneAfterTheLinger() {
        LogCollector collector = collector();
        collector.cycle(listing(new ServiceSummary(SVC, null, "x", "tests/x", "FAILED", "SubmitRejected", null, null, null, null, null,
                dir.resolve("%x-%j.out").toString(), dir.resolve("%x-%j.err").toString(), T0, T0, null, null, "alice")));
        assertThat(store.sourcesOf(SVC)).isEmpty();
        clock.advance(Duration.ofSeconds(11));
        collector.cycle(Optional.empty());
        assertThat(store.findService(SVC).orElseThrow().done()).isTrue();
    }

    @Test
    void theOwnerTheServerListsIsKeptAndGivenToServicesCollectedBeforeOwnersWere() {
        collector().cycle(listing(running()));
        assertThat(store.findService(SVC).orElseThrow().owner()).isEqualTo("alice");

        String old = "svc-0000000001d0";
        store.saveService(new LoggedService(old, 7L, "hpc-old", "tests/old", "COMPLETED", T0, LoggedService.DONE, T0, T0, null));
        LogCollector restarted = collector();
        restarted.cycle(listing(running(), new ServiceSummary(old, 7L, "hpc-old", "tests/old", "COMPLETED", null, null, null, null, null, 0,
                null, null, T0, T0, T0, T0, "bob")));
        assertThat(store.findService(old).orElseThrow().owner()).isEqualTo("bob");
        assertThat(store.findService(old).orElseThrow().done()).isTrue();
    }

    @Test
    void aServiceTheServerStopsListingEndsAfterTheLinger() throws IOException {
        LogCollector collector = collector();
        append(out, "a\n");
        collector.cycle(listing(running()));
        collector.cycle(listing());
        LoggedService vanished = store.findService(SVC).orElseThrow();
        assertThat(vanished.status()).isEqualTo(LogCollector.VANISHED);
        assertThat(vanished.endedAt()).isEqualTo(T0);

        clock.advance(Duration.ofSeconds(11));
        collector.cycle(Optional.empty());
        assertThat(store.findService(SVC).orElseThrow().done()).isTrue();
    }

    @Test
    void aFileNotWrittenYetIsWaitedFor() throws IOException {
        LogCollector collector = collector();
        collector.cycle(listing(running()));
        assertThat(lines()).isEmpty();
        assertThat(counter("hpc.logs.read.errors")).isZero();

        append(out, "finally\n");
        collector.cycle(Optional.empty());
        assertThat(texts()).containsExactly("finally");
    }

    @Test
    void secretsAreMaskedBeforeTheyAreStored() throws IOException {
        LogCollector collector = collector();
        append(out, "token is hunter2-secret!\n");
        collector.cycle(listing(running()));
        assertThat(texts()).containsExactly("token is ********!");
    }

    @Test
    void invalidUtf8AndNulBytesAreStoredAsReplacementCharacters() throws IOException {
        LogCollector collector = collector();
        Files.write(out, new byte[] {'a', 0, (byte) 0xff, 'b', '\n'});
        collector.cycle(listing(running()));
        assertThat(texts()).containsExactly("a\uFFFD\uFFFDb");
    }

    @Test
    void aRestartedCollectorGoesOnWhereTheLastOneStopped() throws IOException {
        LogCollector first = collector();
        append(out, "one\ntwo\n");
        first.cycle(listing(running()));

        append(out, "three\n");
        LogCollector second = collector();
        second.cycle(listing(running()));
        second.cycle(Optional.empty());

        assertThat(texts()).containsExactly("one", "two", "three");
        assertThat(lines()).extracting(LogLine::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void retentionDeletesTheOldestLinesBeyondTheSizeLimitAndThoseOlderThanTheMaximumAge() throws IOException {
        settings.put("retention.max-bytes", "1KB");
        settings.put("retention.max-age", "1h");
        LogCollector collector = collector();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.add(String.format("line %04d", i));
        }
        append(out, String.join("\n", written) + "\n");
        boolean more = collector.cycle(listing(running()));
        while (more) {
            more = collector.cycle(Optional.empty());
        }
        collector.cycle(Optional.empty());

        assertThat(source("stdout").storedBytes()).isLessThanOrEqualTo(1024);
        assertThat(texts()).isNotEmpty().isEqualTo(written.subList(300 - texts().size(), 300));
        assertThat(source("stdout").storedLines()).isEqualTo(texts().size());
        assertThat(counter("hpc.logs.retention.deleted.lines")).isEqualTo(300 - texts().size());

        clock.advance(Duration.ofMinutes(61));
        collector.cycle(Optional.empty());
        assertThat(lines()).isEmpty();
        assertThat(source("stdout").storedLines()).isZero();

        append(out, "new line\n");
        collector.cycle(Optional.empty());
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line.id()).isEqualTo(301));
    }
}
