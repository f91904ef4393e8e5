package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.RequestRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Benchmarks, their steps and their request records in the database (H2 or PostgreSQL, schema by Flyway).
 * Timestamps are bound as UTC offsets so no database converts them through a local zone.
 */
@Repository
public class BenchmarkRepository {

    private static final String COLUMNS = "id, name, runner, status, reason, plan, request, target_url, service_id, model, requests_total, "
            + "job_id, job_name, result_path, cancel_requested, results, created_at, updated_at, started_at, ended_at, owner";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public BenchmarkRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void insert(BenchmarkRecord b) {
        jdbc.sql("insert into benchmarks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(b.id(), b.name(), b.runner(), b.status().name(), b.reason(), b.plan(), b.request(), b.targetUrl(), b.serviceId(),
                        b.model(), b.requestsTotal(), b.jobId(), b.jobName(), b.resultPath(), b.cancelRequested(), b.results(),
                        utc(b.createdAt()), utc(b.updatedAt()), utc(b.startedAt()), utc(b.endedAt()), b.owner())
                .update();
    }

    public Optional<BenchmarkRecord> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from benchmarks where id = ?").param(id).query(BenchmarkRepository::map).optional();
    }

    /** Newest first; {@code status}, {@code runner} and {@code owner} filter when not null. */
    public List<BenchmarkRecord> list(int limit, int offset, BenchmarkStatus status, String runner, String owner) {
        return jdbc.sql("select " + COLUMNS + " from benchmarks where (cast(? as varchar(16)) is null or status = ?) "
                        + "and (cast(? as varchar(16)) is null or runner = ?) and (cast(? as varchar(64)) is null or owner = ?) "
                        + "order by created_at desc, id desc limit ? offset ?")
                .params(status == null ? null : status.name(), status == null ? null : status.name(), runner, runner, owner, owner, limit, offset)
                .query(BenchmarkRepository::map).list();
    }

    /** How many of {@code owner}'s benchmarks run by {@code runner} are queued or running. */
    public int countActive(String owner, String runner) {
        return jdbc.sql("select count(*) from benchmarks where owner = ? and runner = ? and status in ('PENDING', 'RUNNING')")
                .params(owner, runner).query(Integer.class).single();
    }

    public List<BenchmarkRecord> withStatus(Collection<BenchmarkStatus> statuses, String runner) {
        List<String> names = statuses.stream().map(Enum::name).toList();
        return jdbc.sql("select " + COLUMNS + " from benchmarks where status in (:statuses) and runner = :runner order by created_at, id")
                .param("statuses", names).param("runner", runner)
                .query(BenchmarkRepository::map).list();
    }

    /** PENDING to RUNNING; false when it is no longer PENDING (cancelled meanwhile). */
    public boolean markRunning(String id, String model, Instant at) {
        return jdbc.sql("update benchmarks set status = 'RUNNING', model = coalesce(?, model), started_at = coalesce(started_at, ?), "
                        + "updated_at = ? where id = ? and status = 'PENDING'")
                .params(model, utc(at), utc(at), id).update() == 1;
    }

    /** Moves a benchmark that has not ended to {@code status}; false when it had already ended. */
    public boolean finish(String id, BenchmarkStatus status, String reason, String results, Instant at) {
        return jdbc.sql("update benchmarks set status = ?, reason = ?, results = ?, ended_at = ?, updated_at = ? "
                        + "where id = ? and status in ('PENDING', 'RUNNING')")
                .params(status.name(), truncate(reason), results, utc(at), utc(at), id).update() == 1;
    }

    /** Ends a benchmark that has not started yet; false when it has (its run ends it instead). */
    public boolean finishPending(String id, BenchmarkStatus status, String reason, String results, Instant at) {
        return jdbc.sql("update benchmarks set status = ?, reason = ?, results = ?, ended_at = ?, updated_at = ? "
                        + "where id = ? and status = 'PENDING'")
                .params(status.name(), truncate(reason), results, utc(at), utc(at), id).update() == 1;
    }

    /** A SLURM-run benchmark's job, once submitted. */
    public void setJob(String id, long jobId, Instant at) {
        jdbc.sql("update benchmarks set job_id = ?, updated_at = ? where id = ?").params(jobId, utc(at), id).update();
    }

    /** A SLURM-run benchmark's state as its job reports it, while it has not ended. */
    public void observe(String id, BenchmarkStatus status, String reason, Instant startedAt, Instant at) {
        jdbc.sql("update benchmarks set status = ?, reason = ?, started_at = coalesce(started_at, ?), updated_at = ? "
                        + "where id = ? and status in ('PENDING', 'RUNNING')")
                .params(status.name(), truncate(reason), utc(startedAt), utc(at), id).update();
    }

    public void requestCancel(String id, Instant at) {
        jdbc.sql("update benchmarks set cancel_requested = true, updated_at = ? where id = ?").params(utc(at), id).update();
    }

    public void updateModel(String id, String model) {
        jdbc.sql("update benchmarks set model = ? where id = ?").params(model, id).update();
    }

    public void insertStep(String id, int step, Instant startedAt) {
        jdbc.sql("insert into benchmark_steps (benchmark_id, step, started_at) values (?, ?, ?)").params(id, step, utc(startedAt)).update();
    }

    public void finishStep(String id, int step, long durationUs) {
        jdbc.sql("update benchmark_steps set duration_us = ? where benchmark_id = ? and step = ?").params(durationUs, id, step).update();
    }

    public List<StepRow> steps(String id) {
        return jdbc.sql("select step, started_at, duration_us from benchmark_steps where benchmark_id = ? order by step").param(id)
                .query((rs, row) -> new StepRow(rs.getInt("step"), instant(rs, "started_at"), (Long) rs.getObject("duration_us", Long.class)))
                .list();
    }

    /** Stores records as one chunk per step they belong to (a writer's batch is usually of one step). */
    public void insertRequests(String id, List<RequestRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        java.util.Map<Integer, List<RequestRecord>> bySteps = new java.util.TreeMap<>();
        records.forEach(record -> bySteps.computeIfAbsent(record.step(), step -> new java.util.ArrayList<>()).add(record));
        bySteps.forEach((step, chunk) -> jdbc.sql("insert into benchmark_request_chunks (benchmark_id, step, requests, records) values (?, ?, ?, ?)")
                .params(id, step, chunk.size(), RequestRecordCodec.encode(chunk)).update());
    }

    /** Every stored request of the benchmark, step by step, within a step in the order they were stored (as they ended). */
    public void forEachRequest(String id, Consumer<RequestRecord> consumer) {
        template.query("select step, records from benchmark_request_chunks where benchmark_id = ? order by step, id",
                rs -> {
                    RequestRecordCodec.decode(rs.getInt("step"), rs.getString("records"), consumer);
                }, id);
    }

    /** Replaces a benchmark's steps and request records at once: a client group's records, read back from its job. */
    @Transactional
    public void replaceRecords(String id, List<StepRow> steps, List<RequestRecord> records) {
        jdbc.sql("delete from benchmark_request_chunks where benchmark_id = ?").param(id).update();
        jdbc.sql("delete from benchmark_steps where benchmark_id = ?").param(id).update();
        for (StepRow step : steps) {
            jdbc.sql("insert into benchmark_steps (benchmark_id, step, started_at, duration_us) values (?, ?, ?, ?)")
                    .params(id, step.step(), utc(step.startedAt()), step.durationUs()).update();
        }
        for (int from = 0; from < records.size(); from += 2000) {
            insertRequests(id, records.subList(from, Math.min(records.size(), from + 2000)));
        }
    }

    public long countRequests(String id) {
        return jdbc.sql("select coalesce(sum(requests), 0) from benchmark_request_chunks where benchmark_id = ?").param(id).query(Long.class).single();
    }

    private static BenchmarkRecord map(ResultSet rs, int row) throws SQLException {
        return new BenchmarkRecord(rs.getString("id"), rs.getString("name"), rs.getString("runner"), BenchmarkStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getString("plan"), rs.getString("request"), rs.getString("target_url"), rs.getString("service_id"),
                rs.getString("model"), rs.getObject("requests_total", Long.class), rs.getObject("job_id", Long.class), rs.getString("job_name"),
                rs.getString("result_path"), rs.getBoolean("cancel_requested"), rs.getString("results"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("owner"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return truncate(text, 2000);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** A load step as stored: when it started and, once it ended, how long it ran. */
    public record StepRow(int step, Instant startedAt, Long durationUs) {
    }
}
