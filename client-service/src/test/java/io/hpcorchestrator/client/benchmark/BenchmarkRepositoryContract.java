package io.hpcorchestrator.client.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.load.RequestRecord;
import io.hpcorchestrator.security.AuditLog;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the benchmark repository must do on every database the client supports, with the migrations the service runs. */
abstract class BenchmarkRepositoryContract {

    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00.123456Z");

    private BenchmarkRepository repository;
    private JdbcClient jdbc;

    abstract DataSource openDatabase();

    abstract void closeDatabase() throws Exception;

    FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("client_schema_history");
    }

    @BeforeEach
    void migrate() {
        DataSource dataSource = openDatabase();
        flyway(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        repository = new BenchmarkRepository(jdbc, new JdbcTemplate(dataSource));
    }

    @AfterEach
    void close() throws Exception {
        closeDatabase();
    }

    private static BenchmarkRecord benchmark(String id, String runner, Instant created) {
        return benchmark(id, runner, created, "alice");
    }

    private static BenchmarkRecord benchmark(String id, String runner, Instant created, String owner) {
        return new BenchmarkRecord(id, "name of " + id, runner, BenchmarkStatus.PENDING, null, "{\"plan\": true}", "{}", "http://127.0.0.1:8000",
                runner.equals("slurm") ? "svc-0123456789ab" : null, null, 100L, null, runner.equals("slurm") ? "hpc-client-x" : null,
                runner.equals("slurm") ? "/work/hpc-client-x.records.json" : null, false, null, created, created, null, null, owner);
    }

    private static RequestRecord request(int step, int seq, boolean ok) {
        return new RequestRecord(step, seq, seq * 1000L, seq * 1000L + 7, ok ? 50_000 : -1, 680_000 + seq, ok ? new int[] {10_000, 10_001, 9_999} : new int[0],
                32, ok ? 4 : 0, ok ? null : "http_503", ok ? null : "HTTP 503: busy, \"really\"", ok ? 200 : 503);
    }

    @Test
    void aBenchmarkIsStoredAndReadBackWithItsTimesInUtc() {
        repository.insert(benchmark("bm-000000000001", "local", T0));
        BenchmarkRecord read = repository.find("bm-000000000001").orElseThrow();
        assertThat(read.createdAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(read.status()).isEqualTo(BenchmarkStatus.PENDING);
        assertThat(read.plan()).isEqualTo("{\"plan\": true}");
        assertThat(read.requestsTotal()).isEqualTo(100L);
        assertThat(repository.find("bm-ffffffffffff")).isEmpty();
    }

    @Test
    void statusMovesOnlyForward() {
        repository.insert(benchmark("bm-000000000001", "local", T0));
        assertThat(repository.markRunning("bm-000000000001", "org/model", T0.plusSeconds(1))).isTrue();
        assertThat(repository.markRunning("bm-000000000001", null, T0.plusSeconds(2))).isFalse();
        assertThat(repository.finish("bm-000000000001", BenchmarkStatus.COMPLETED, null, "{\"completed\": 1}", T0.plusSeconds(3))).isTrue();
        assertThat(repository.finish("bm-000000000001", BenchmarkStatus.CANCELLED, "late", null, T0.plusSeconds(4))).isFalse();
        BenchmarkRecord ended = repository.find("bm-000000000001").orElseThrow();
        assertThat(ended.status()).isEqualTo(BenchmarkStatus.COMPLETED);
        assertThat(ended.model()).isEqualTo("org/model");
        assertThat(ended.startedAt()).isEqualTo(T0.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
        assertThat(ended.endedAt()).isEqualTo(T0.plusSeconds(3).truncatedTo(ChronoUnit.MICROS));
        assertThat(ended.results()).isEqualTo("{\"completed\": 1}");
    }

    @Test
    void listsAreNewestFirstAndFilter() {
        repository.insert(benchmark("bm-000000000001", "local", T0));
        repository.insert(benchmark("bm-000000000002", "slurm", T0.plusSeconds(1)));
        repository.insert(benchmark("bm-000000000003", "local", T0.plusSeconds(2)));
        repository.finish("bm-000000000003", BenchmarkStatus.FAILED, "x", null, T0.plusSeconds(3));
        assertThat(repository.list(10, 0, null, null, null)).extracting(BenchmarkRecord::id)
                .containsExactly("bm-000000000003", "bm-000000000002", "bm-000000000001");
        assertThat(repository.list(1, 1, null, null, null)).extracting(BenchmarkRecord::id).containsExactly("bm-000000000002");
        assertThat(repository.list(10, 0, BenchmarkStatus.PENDING, "local", null)).extracting(BenchmarkRecord::id).containsExactly("bm-000000000001");
        assertThat(repository.list(10, 0, null, "slurm", null)).extracting(BenchmarkRecord::id).containsExactly("bm-000000000002");
        assertThat(repository.withStatus(EnumSet.of(BenchmarkStatus.PENDING, BenchmarkStatus.RUNNING), "local"))
                .extracting(BenchmarkRecord::id).containsExactly("bm-000000000001");
    }

    @Test
    void listsFilterByOwnerAndCountEachOwnersActiveBenchmarksPerRunner() {
        repository.insert(benchmark("bm-000000000001", "local", T0, "alice"));
        repository.insert(benchmark("bm-000000000002", "local", T0.plusSeconds(1), "bob"));
        repository.insert(benchmark("bm-000000000003", "slurm", T0.plusSeconds(2), "alice"));
        repository.insert(benchmark("bm-000000000004", "local", T0.plusSeconds(3), "alice"));
        repository.insert(benchmark("bm-000000000005", "local", T0.plusSeconds(4), null));
        repository.finish("bm-000000000004", BenchmarkStatus.COMPLETED, null, null, T0.plusSeconds(5));
        assertThat(repository.list(10, 0, null, null, "alice")).extracting(BenchmarkRecord::id)
                .containsExactly("bm-000000000004", "bm-000000000003", "bm-000000000001");
        assertThat(repository.list(10, 0, null, "local", "bob")).extracting(BenchmarkRecord::id).containsExactly("bm-000000000002");
        assertThat(repository.list(10, 0, null, null, null)).hasSize(5);
        assertThat(repository.find("bm-000000000002").orElseThrow().owner()).isEqualTo("bob");
        assertThat(repository.find("bm-000000000005").orElseThrow().owner()).isNull();
        assertThat(repository.countActive("alice", "local")).isEqualTo(1);
        assertThat(repository.countActive("alice", "slurm")).isEqualTo(1);
        assertThat(repository.countActive("bob", "slurm")).isZero();
        assertThat(repository.countActive("carol", "local")).isZero();
    }

    @Test
    void theAuditTrailIsStoredInTheTableCommonsAuditLogExpects() {
        AuditLog audit = new AuditLog(jdbc, java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
        audit.record(new Caller("alice", Role.USER), "benchmark.start", "bm-000000000001", AuditLog.Outcome.OK, "against url http://x");
        audit.record(new Caller("bob", Role.USER), "benchmark.cancel", "bm-000000000001", AuditLog.Outcome.REFUSED, "no benchmark with id x");
        assertThat(audit.find(null, null, 10, 0)).extracting(event -> event.user() + " " + event.action() + " " + event.outcome())
                .containsExactly("bob benchmark.cancel refused", "alice benchmark.start ok");
        assertThat(audit.find("alice", null, 10, 0)).singleElement().satisfies(event -> assertThat(event.at()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void requestRecordsComeBackExactlyStepByStepInTheOrderStored() {
        repository.insert(benchmark("bm-000000000001", "local", T0));
        repository.insertStep("bm-000000000001", 0, T0);
        repository.insertStep("bm-000000000001", 1, T0.plusSeconds(10));
        repository.finishStep("bm-000000000001", 0, 9_000_000);
        List<RequestRecord> batch = new ArrayList<>(List.of(request(1, 1, true), request(0, 2, false), request(0, 0, true), request(1, 0, true)));
        repository.insertRequests("bm-000000000001", batch);

        List<RequestRecord> read = new ArrayList<>();
        repository.forEachRequest("bm-000000000001", read::add);
        assertThat(read).extracting(r -> r.step() + ":" + r.seq()).containsExactly("0:2", "0:0", "1:1", "1:0");
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(request(0, 2, false));
        assertThat(read.get(1)).usingRecursiveComparison().isEqualTo(request(0, 0, true));
        assertThat(repository.countRequests("bm-000000000001")).isEqualTo(4);
        assertThat(repository.steps("bm-000000000001")).containsExactly(new BenchmarkRepository.StepRow(0, T0.truncatedTo(ChronoUnit.MICROS), 9_000_000L),
                new BenchmarkRepository.StepRow(1, T0.plusSeconds(10).truncatedTo(ChronoUnit.MICROS), null));
    }

    @Test
    void aClientGroupsRecordsReplaceWhateverWasImportedBefore() {
        repository.insert(benchmark("bm-000000000002", "slurm", T0));
        repository.setJob("bm-000000000002", 4242, T0);
        repository.replaceRecords("bm-000000000002", List.of(new BenchmarkRepository.StepRow(0, T0, 1_000L)), List.of(request(0, 0, true)));
        repository.replaceRecords("bm-000000000002", List.of(new BenchmarkRepository.StepRow(0, T0, 2_000L)),
                List.of(request(0, 0, true), request(0, 1, false)));
        assertThat(repository.countRequests("bm-000000000002")).isEqualTo(2);
        assertThat(repository.steps("bm-000000000002")).singleElement().satisfies(step -> assertThat(step.durationUs()).isEqualTo(2_000L));
        assertThat(repository.find("bm-000000000002").orElseThrow().jobId()).isEqualTo(4242L);
        repository.requestCancel("bm-000000000002", T0);
        assertThat(repository.find("bm-000000000002").orElseThrow().cancelRequested()).isTrue();
    }
}
