package io.hpcorchestrator.server.service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Services and their transitions in the database (H2 or PostgreSQL, schema by Flyway). */
@Repository
public class ServiceRepository {

    private static final String COLUMNS = "id, recipe_name, job_name, job_id, status, reason, config, script, stdout_path, "
            + "stderr_path, work_dir, health_path, fixed_port, node, address, port, exit_code, cancel_requested, idempotency_key, "
            + "request_hash, created_at, updated_at, submitted_at, started_at, ready_at, ended_at, version, metrics_path, owner";

    private static final java.util.regex.Pattern SERVICE_ID = java.util.regex.Pattern.compile("svc-[0-9a-f]{12}");
    private static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("[1-9][0-9]{0,17}");

    private final JdbcClient jdbc;

    public ServiceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new service with its first transition. */
    @Transactional
    public void insert(ServiceRecord service) {
        jdbc.sql("insert into services (" + COLUMNS + ") values (:id, :recipeName, :jobName, :jobId, :status, :reason, :config, "
                        + ":script, :stdoutPath, :stderrPath, :workDir, :healthPath, :fixedPort, :node, :address, :port, :exitCode, "
                        + ":cancelRequested, :idempotencyKey, :requestHash, :createdAt, :updatedAt, :submittedAt, :startedAt, "
                        + ":readyAt, :endedAt, 0, :metricsPath, :owner)")
                .paramSource(new Params(service))
                .update();
        recordTransition(service.id(), null, service.status(), service.reason(), service.createdAt());
    }

    /**
     * Writes {@code next} if nobody changed the service since {@code current} was read, recording a transition
     * when the status differs. Returns the stored record, or empty when another writer came first.
     */
    @Transactional
    public Optional<ServiceRecord> update(ServiceRecord current, ServiceRecord next) {
        int rows = jdbc.sql("update services set job_id = :jobId, status = :status, reason = :reason, node = :node, "
                        + "address = :address, port = :port, exit_code = :exitCode, cancel_requested = :cancelRequested, "
                        + "updated_at = :updatedAt, submitted_at = :submittedAt, started_at = :startedAt, ready_at = :readyAt, "
                        + "ended_at = :endedAt, version = version + 1 where id = :id and version = :version")
                .paramSource(new Params(next).addValue("version", current.version()))
                .update();
        if (rows == 0) {
            return Optional.empty();
        }
        if (current.status() != next.status()) {
            recordTransition(next.id(), current.status(), next.status(), next.reason(), next.updatedAt());
        }
        return findById(next.id());
    }

    private void recordTransition(String serviceId, ServiceState from, ServiceState to, String reason, Instant at) {
        jdbc.sql("insert into service_transitions (service_id, from_status, to_status, reason, at) values (?, ?, ?, ?, ?)")
                .params(serviceId, from == null ? null : from.name(), to.name(), reason, utc(at))
                .update();
    }

    public Optional<ServiceRecord> findById(String id) {
        return jdbc.sql("select " + COLUMNS + " from services where id = ?").param(id).query(ServiceRepository::map).optional();
    }

    /**
     * A service by its id ({@code svc-...}) or its SLURM job id, as the API accepts both. Anything else is not
     * looked up at all.
     */
    public Optional<ServiceRecord> findByIdOrJobId(String id) {
        if (SERVICE_ID.matcher(id).matches()) {
            return findById(id);
        }
        if (JOB_ID.matcher(id).matches()) {
            return findByJobId(Long.parseLong(id));
        }
        return Optional.empty();
    }

    public Optional<ServiceRecord> findByJobId(long jobId) {
        return jdbc.sql("select " + COLUMNS + " from services where job_id = ?").param(jobId).query(ServiceRepository::map).optional();
    }

    public Optional<ServiceRecord> findByIdempotencyKey(String key) {
        return jdbc.sql("select " + COLUMNS + " from services where idempotency_key = ?").param(key).query(ServiceRepository::map).optional();
    }

    /** Newest first. */
    public List<ServiceRecord> findAll(int limit, int offset) {
        return findAll(Optional.empty(), limit, offset);
    }

    /** Newest first; only {@code owner}'s services when given (filtered here, so pages stay full). */
    public List<ServiceRecord> findAll(Optional<String> owner, int limit, int offset) {
        if (owner.isEmpty()) {
            return jdbc.sql("select " + COLUMNS + " from services order by created_at desc, id limit ? offset ?")
                    .params(limit, offset).query(ServiceRepository::map).list();
        }
        return jdbc.sql("select " + COLUMNS + " from services where owner = ? order by created_at desc, id limit ? offset ?")
                .params(owner.get(), limit, offset).query(ServiceRepository::map).list();
    }

    /** How many of {@code owner}'s services have not ended yet. */
    public long countActive(String owner) {
        return jdbc.sql("select count(*) from services where owner = :owner and status in (:active)")
                .param("owner", owner).param("active", activeStates()).query(Long.class).single();
    }

    public long count() {
        return jdbc.sql("select count(*) from services").query(Long.class).single();
    }

    /** Services in one state, oldest first. */
    public List<ServiceRecord> findByStatus(ServiceState status) {
        return jdbc.sql("select " + COLUMNS + " from services where status = ? order by created_at")
                .param(status.name()).query(ServiceRepository::map).list();
    }

    /** Services of recipes in one category ({@code inference}), newest first; only {@code owner}'s when given. */
    public List<ServiceRecord> findByCategory(String category, Optional<String> owner, int limit) {
        if (owner.isEmpty()) {
            return jdbc.sql("select " + COLUMNS + " from services where recipe_name like ? order by created_at desc, id limit ?")
                    .params(category + "/%", limit).query(ServiceRepository::map).list();
        }
        return jdbc.sql("select " + COLUMNS + " from services where recipe_name like ? and owner = ? order by created_at desc, id limit ?")
                .params(category + "/%", owner.get(), limit).query(ServiceRepository::map).list();
    }

    /** Every service the reconciler still has to follow. */
    public List<ServiceRecord> findActive() {
        return jdbc.sql("select " + COLUMNS + " from services where status in (:active) order by created_at")
                .param("active", activeStates())
                .query(ServiceRepository::map).list();
    }

    public List<ServiceTransition> transitions(String serviceId) {
        return jdbc.sql("select from_status, to_status, reason, at from service_transitions where service_id = ? order by id")
                .param(serviceId)
                .query((rs, row) -> new ServiceTransition(
                        rs.getString("from_status") == null ? null : ServiceState.valueOf(rs.getString("from_status")),
                        ServiceState.valueOf(rs.getString("to_status")),
                        rs.getString("reason"),
                        instant(rs, "at")))
                .list();
    }

    private static Collection<String> activeStates() {
        return java.util.Arrays.stream(ServiceState.values()).filter(state -> !state.isTerminal()).map(Enum::name).toList();
    }

    private static ServiceRecord map(ResultSet rs, int row) throws SQLException {
        return new ServiceRecord(
                rs.getString("id"),
                rs.getString("recipe_name"),
                rs.getString("job_name"),
                (Long) rs.getObject("job_id", Long.class),
                ServiceState.valueOf(rs.getString("status")),
                rs.getString("reason"),
                rs.getString("config"),
                rs.getString("script"),
                rs.getString("stdout_path"),
                rs.getString("stderr_path"),
                rs.getString("work_dir"),
                rs.getString("health_path"),
                (Integer) rs.getObject("fixed_port", Integer.class),
                rs.getString("node"),
                rs.getString("address"),
                (Integer) rs.getObject("port", Integer.class),
                (Integer) rs.getObject("exit_code", Integer.class),
                rs.getBoolean("cancel_requested"),
                rs.getString("idempotency_key"),
                rs.getString("request_hash"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "submitted_at"),
                instant(rs, "started_at"),
                instant(rs, "ready_at"),
                instant(rs, "ended_at"),
                rs.getLong("version"),
                rs.getString("metrics_path"),
                rs.getString("owner"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /**
     * Timestamps travel as UTC offsets: {@code java.sql.Timestamp} goes through the JVM's local time, which
     * loses an hour when clocks go back.
     */
    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Named parameters of a record, timestamps as JDBC timestamps. */
    private static final class Params extends org.springframework.jdbc.core.namedparam.MapSqlParameterSource {
        Params(ServiceRecord s) {
            addValue("id", s.id());
            addValue("recipeName", s.recipeName());
            addValue("jobName", s.jobName());
            addValue("jobId", s.jobId());
            addValue("status", s.status().name());
            addValue("reason", s.reason());
            addValue("config", s.config());
            addValue("script", s.script());
            addValue("stdoutPath", s.stdoutPath());
            addValue("stderrPath", s.stderrPath());
            addValue("workDir", s.workDir());
            addValue("healthPath", s.healthPath());
            addValue("fixedPort", s.fixedPort());
            addValue("node", s.node());
            addValue("address", s.address());
            addValue("port", s.port());
            addValue("exitCode", s.exitCode());
            addValue("cancelRequested", s.cancelRequested());
            addValue("idempotencyKey", s.idempotencyKey());
            addValue("requestHash", s.requestHash());
            addValue("createdAt", timestamp(s.createdAt()));
            addValue("updatedAt", timestamp(s.updatedAt()));
            addValue("submittedAt", timestamp(s.submittedAt()));
            addValue("startedAt", timestamp(s.startedAt()));
            addValue("readyAt", timestamp(s.readyAt()));
            addValue("endedAt", timestamp(s.endedAt()));
            addValue("metricsPath", s.metricsPath());
            addValue("owner", s.owner());
        }

        private static OffsetDateTime timestamp(Instant instant) {
            return utc(instant);
        }
    }
}
