package io.hpcorchestrator.logs.store;

import io.hpcorchestrator.logs.LogsProperties;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lines, sources and services in the database. Writes come from one thread (the collector), which is what keeps
 * line ids in commit order; reads may come from any thread and are cancelled after {@code hpc.logs.query.timeout}.
 */
@Repository
public class LogStore {

    private static final String LINE_COLUMNS = "id, service_id, job_id, stream, line_no, collected_at, content";
    private static final String SERVICE_COLUMNS = "service_id, job_id, name, recipe_name, status, ended_at, collection_state, "
            + "first_seen_at, updated_at, owner";
    private static final String SOURCE_COLUMNS = "service_id, stream, path, job_id, read_offset, file_size, next_line, stored_lines, "
            + "stored_bytes, truncations, state, last_line_at";
    /** Rows deleted per statement, so retention never holds one huge transaction. */
    private static final int DELETE_BATCH_IDS = 20_000;

    private final JdbcTemplate writes;
    private final JdbcClient writer;
    private final JdbcClient reader;
    private final TransactionTemplate transactions;

    public LogStore(DataSource dataSource, PlatformTransactionManager transactionManager, LogsProperties properties) {
        this.writes = new JdbcTemplate(dataSource);
        this.writer = JdbcClient.create(writes);
        JdbcTemplate reads = new JdbcTemplate(dataSource);
        reads.setQueryTimeout((int) Math.max(1, properties.query().timeout().toSeconds()));
        reads.setFetchSize(1000);
        this.reader = JdbcClient.create(reads);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // ---- services and sources

    public List<LoggedService> services() {
        return writer.sql("select " + SERVICE_COLUMNS + " from log_services").query(LogStore::service).list();
    }

    public List<SourceState> sources() {
        return writer.sql("select " + SOURCE_COLUMNS + " from log_sources").query(LogStore::source).list();
    }

    public void saveService(LoggedService s) {
        transactions.executeWithoutResult(status -> {
            int updated = writer.sql("update log_services set job_id = ?, name = ?, recipe_name = ?, status = ?, ended_at = ?, "
                            + "collection_state = ?, updated_at = ?, owner = ? where service_id = ?")
                    .params(s.jobId(), s.name(), s.recipeName(), s.status(), utc(s.endedAt()), s.collectionState(), utc(s.updatedAt()),
                            s.owner(), s.serviceId())
                    .update();
            if (updated == 0) {
                writer.sql("insert into log_services (" + SERVICE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(s.serviceId(), s.jobId(), s.name(), s.recipeName(), s.status(), utc(s.endedAt()), s.collectionState(),
                                utc(s.firstSeenAt()), utc(s.updatedAt()), s.owner())
                        .update();
            }
        });
    }

    public void saveSource(SourceState source) {
        transactions.executeWithoutResult(status -> writeSource(source));
    }

    private void writeSource(SourceState s) {
        int updated = writer.sql("update log_sources set path = ?, job_id = ?, read_offset = ?, file_size = ?, next_line = ?, "
                        + "stored_lines = ?, stored_bytes = ?, truncations = ?, state = ?, last_line_at = ? where service_id = ? and stream = ?")
                .params(s.path(), s.jobId(), s.readOffset(), s.fileSize(), s.nextLine(), s.storedLines(), s.storedBytes(), s.truncations(),
                        s.state(), utc(s.lastLineAt()), s.serviceId(), s.stream().key())
                .update();
        if (updated == 0) {
            writer.sql("insert into log_sources (" + SOURCE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(s.serviceId(), s.stream().key(), s.path(), s.jobId(), s.readOffset(), s.fileSize(), s.nextLine(),
                            s.storedLines(), s.storedBytes(), s.truncations(), s.state(), utc(s.lastLineAt()))
                    .update();
        }
    }

    /** The last line id handed out, kept even when retention has deleted every line. */
    public long lastLineId() {
        return writer.sql("select counter_value from log_counters where name = 'last_line_id'").query(Long.class).single();
    }

    /**
     * Stores {@code lines} with ids from {@code firstId} on and the source's new read position, in one transaction:
     * after a crash either both are there or neither, so a file is never stored twice nor skipped.
     */
    public void append(SourceState source, List<NewLine> lines, long firstId, Instant collectedAt) {
        OffsetDateTime at = utc(collectedAt);
        transactions.executeWithoutResult(status -> {
            if (!lines.isEmpty()) {
                writes.batchUpdate("insert into log_lines (" + LINE_COLUMNS + ", byte_count) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        new BatchPreparedStatementSetter() {
                            @Override
                            public void setValues(PreparedStatement ps, int i) throws SQLException {
                                NewLine line = lines.get(i);
                                ps.setLong(1, firstId + i);
                                ps.setString(2, source.serviceId());
                                ps.setObject(3, source.jobId());
                                ps.setString(4, source.stream().key());
                                ps.setLong(5, line.lineNo());
                                ps.setObject(6, at);
                                ps.setString(7, line.text());
                                ps.setInt(8, line.byteCount());
                            }

                            @Override
                            public int getBatchSize() {
                                return lines.size();
                            }
                        });
                writer.sql("update log_counters set counter_value = ? where name = 'last_line_id'")
                        .param(firstId + lines.size() - 1).update();
            }
            writeSource(source);
        });
    }

    // ---- retention

    /** The newest line collected before {@code time}, if any. */
    public OptionalLong lastIdCollectedBefore(Instant time) {
        OptionalLong first = firstIdCollectedFrom(writer, time);
        if (first.isPresent()) {
            long before = first.getAsLong() - 1;
            return nullable(writer.sql("select max(id) from log_lines where id <= ?").param(before).query(Long.class).list());
        }
        return nullable(writer.sql("select max(id) from log_lines").query(Long.class).list());
    }

    /** When the newest line was collected, so a restarted collector keeps collection times rising. */
    public Optional<Instant> lastCollectedAt() {
        return writer.sql("select collected_at from log_lines where id = (select max(id) from log_lines)")
                .query((rs, n) -> instant(rs, "collected_at")).optional();
    }

    /**
     * The id up to which lines must go so that at least {@code bytes} of text are freed, oldest first; empty when
     * fewer are stored.
     */
    public OptionalLong idFreeing(long bytes) {
        long freed = 0;
        long after = 0;
        while (true) {
            List<long[]> rows = writer.sql("select id, byte_count from log_lines where id > ? order by id limit 10000").param(after)
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
            if (rows.isEmpty()) {
                return OptionalLong.empty();
            }
            for (long[] row : rows) {
                freed += row[1];
                if (freed >= bytes) {
                    return OptionalLong.of(row[0]);
                }
            }
            after = rows.get(rows.size() - 1)[0];
        }
    }

    /** What a deletion removed from one source. */
    public record Removed(String serviceId, Stream stream, long lines, long bytes) {
    }

    /**
     * Deletes every line with an id up to {@code maxId}, a batch of ids per transaction, and takes the deleted lines
     * off their sources' counts. Returns what was removed per source.
     */
    public List<Removed> deleteUpTo(long maxId) {
        Map<String, Removed> total = new HashMap<>();
        OptionalLong min = nullable(writer.sql("select min(id) from log_lines").query(Long.class).list());
        if (min.isEmpty()) {
            return List.of();
        }
        for (long low = min.getAsLong() - 1; low < maxId; low += DELETE_BATCH_IDS) {
            long from = low;
            long to = Math.min(maxId, low + DELETE_BATCH_IDS);
            List<Removed> removed = transactions.execute(status -> {
                List<Removed> batch = writer.sql("select service_id, stream, count(*), sum(byte_count) from log_lines "
                                + "where id > ? and id <= ? group by service_id, stream")
                        .params(from, to)
                        .query((rs, n) -> new Removed(rs.getString(1), Stream.of(rs.getString(2)), rs.getLong(3), rs.getLong(4))).list();
                writer.sql("delete from log_lines where id > ? and id <= ?").params(from, to).update();
                for (Removed r : batch) {
                    writer.sql("update log_sources set stored_lines = case when stored_lines > ? then stored_lines - ? else 0 end, "
                                    + "stored_bytes = case when stored_bytes > ? then stored_bytes - ? else 0 end "
                                    + "where service_id = ? and stream = ?")
                            .params(r.lines(), r.lines(), r.bytes(), r.bytes(), r.serviceId(), r.stream().key()).update();
                }
                return batch;
            });
            for (Removed r : removed) {
                total.merge(r.serviceId() + "/" + r.stream().key(), r,
                        (a, b) -> new Removed(a.serviceId(), a.stream(), a.lines() + b.lines(), a.bytes() + b.bytes()));
            }
        }
        return List.copyOf(total.values());
    }

    // ---- reads for the API

    public Optional<LoggedService> findService(String serviceId) {
        return reader.sql("select " + SERVICE_COLUMNS + " from log_services where service_id = ?").param(serviceId)
                .query(LogStore::service).optional();
    }

    public Optional<LoggedService> findServiceByJobId(long jobId) {
        return reader.sql("select " + SERVICE_COLUMNS + " from log_services where job_id = ? order by first_seen_at desc limit 1")
                .param(jobId).query(LogStore::service).optional();
    }

    /** Services of {@code owner} (of everyone when null), most recently first seen first, with their sources. */
    public List<ServiceLogs> listServices(String owner, int limit, int offset) {
        List<LoggedService> services = owner == null
                ? reader.sql("select " + SERVICE_COLUMNS + " from log_services order by first_seen_at desc, service_id limit ? offset ?")
                        .params(limit, offset).query(LogStore::service).list()
                : reader.sql("select " + SERVICE_COLUMNS + " from log_services where owner = ? "
                                + "order by first_seen_at desc, service_id limit ? offset ?")
                        .params(owner, limit, offset).query(LogStore::service).list();
        if (services.isEmpty()) {
            return List.of();
        }
        Map<String, List<SourceState>> sources = new HashMap<>();
        reader.sql("select " + SOURCE_COLUMNS + " from log_sources where service_id in (:ids) order by stream")
                .param("ids", services.stream().map(LoggedService::serviceId).toList())
                .query(LogStore::source).list()
                .forEach(source -> sources.computeIfAbsent(source.serviceId(), id -> new ArrayList<>()).add(source));
        return services.stream().map(s -> new ServiceLogs(s, sources.getOrDefault(s.serviceId(), List.of()))).toList();
    }

    public List<SourceState> sourcesOf(String serviceId) {
        return reader.sql("select " + SOURCE_COLUMNS + " from log_sources where service_id = ? order by stream").param(serviceId)
                .query(LogStore::source).list();
    }

    /** A service and its output files. */
    public record ServiceLogs(LoggedService service, List<SourceState> sources) {
    }

    /**
     * Lines within {@code scope}, newest first: ids in {@code [fromId, beforeId)}, optionally of one stream and
     * containing {@code substring}.
     */
    public List<LogLine> newestFirst(LineScope scope, Stream stream, long fromId, long beforeId, String substring, int limit, int offset) {
        StringBuilder sql = new StringBuilder("select " + LINE_COLUMNS + " from log_lines where id >= ? and id < ?");
        List<Object> params = new ArrayList<>(List.of(fromId, beforeId));
        if (scope.serviceId() != null) {
            sql.append(" and service_id = ?");
            params.add(scope.serviceId());
        } else if (scope.owner() != null) {
            sql.append(" and service_id in (select service_id from log_services where owner = ?)");
            params.add(scope.owner());
        }
        if (stream != null) {
            sql.append(" and stream = ?");
            params.add(stream.key());
        }
        if (substring != null) {
            sql.append(" and content like ? escape '\\'");
            params.add("%" + escapeLike(substring) + "%");
        }
        sql.append(" order by id desc limit ? offset ?");
        params.add(limit);
        params.add(offset);
        return reader.sql(sql.toString()).params(params).query(LogStore::line).list();
    }

    /** Lines of one service after {@code afterId}, oldest first: what a live stream sends next. */
    public List<LogLine> after(String serviceId, Stream stream, long afterId, int limit) {
        if (stream == null) {
            return reader.sql("select " + LINE_COLUMNS + " from log_lines where service_id = ? and id > ? order by id limit ?")
                    .params(serviceId, afterId, limit).query(LogStore::line).list();
        }
        return reader.sql("select " + LINE_COLUMNS + " from log_lines where service_id = ? and stream = ? and id > ? order by id limit ?")
                .params(serviceId, stream.key(), afterId, limit).query(LogStore::line).list();
    }

    /** The id of the {@code n}-th newest line of a service, for a stream that starts with the last n lines. */
    public OptionalLong nthNewestId(String serviceId, Stream stream, int n) {
        List<Long> ids = stream == null
                ? reader.sql("select id from log_lines where service_id = ? order by id desc limit 1 offset ?")
                        .params(serviceId, n - 1).query(Long.class).list()
                : reader.sql("select id from log_lines where service_id = ? and stream = ? order by id desc limit 1 offset ?")
                        .params(serviceId, stream.key(), n - 1).query(Long.class).list();
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(0));
    }

    /** The first line collected at or after {@code time}. */
    public OptionalLong firstIdCollectedFrom(Instant time) {
        return firstIdCollectedFrom(reader, time);
    }

    /**
     * A binary search over ids, each probe one primary key lookup: the collector hands out ids and collection times
     * in the same order, so the lines collected from {@code time} on are exactly those from some id on.
     */
    private static OptionalLong firstIdCollectedFrom(JdbcClient jdbc, Instant time) {
        OffsetDateTime from = utc(time);
        List<long[]> range = jdbc.sql("select min(id), max(id) from log_lines").query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list();
        long low = range.get(0)[0];
        long high = range.get(0)[1];
        if (high == 0 || !collectedFrom(jdbc, high, from)) {
            return OptionalLong.empty();
        }
        // Invariant: the line at or after high qualifies; every line before low does not.
        while (low < high) {
            long mid = low + (high - low) / 2;
            if (collectedFrom(jdbc, mid, from)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return nullable(jdbc.sql("select min(id) from log_lines where id >= ?").param(high).query(Long.class).list());
    }

    /** Whether the first line at or after {@code id} was collected at or after {@code from}. */
    private static boolean collectedFrom(JdbcClient jdbc, long id, OffsetDateTime from) {
        List<Instant> at = jdbc.sql("select collected_at from log_lines where id >= ? order by id limit 1").param(id)
                .query((rs, n) -> instant(rs, "collected_at")).list();
        return !at.isEmpty() && !at.get(0).isBefore(from.toInstant());
    }

    /** The newest line id handed out, as readers see it. */
    public long lastLineIdForReaders() {
        return reader.sql("select counter_value from log_counters where name = 'last_line_id'").query(Long.class).single();
    }

    /** The one value of an aggregate such as {@code max(id)}, which is null over no rows. */
    private static OptionalLong nullable(List<Long> values) {
        return values.isEmpty() || values.get(0) == null ? OptionalLong.empty() : OptionalLong.of(values.get(0));
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    // ---- mapping

    private static LoggedService service(ResultSet rs, int row) throws SQLException {
        return new LoggedService(rs.getString("service_id"), (Long) rs.getObject("job_id", Long.class), rs.getString("name"),
                rs.getString("recipe_name"), rs.getString("status"), instant(rs, "ended_at"), rs.getString("collection_state"),
                instant(rs, "first_seen_at"), instant(rs, "updated_at"), rs.getString("owner"));
    }

    private static SourceState source(ResultSet rs, int row) throws SQLException {
        return new SourceState(rs.getString("service_id"), Stream.of(rs.getString("stream")), rs.getString("path"),
                (Long) rs.getObject("job_id", Long.class), rs.getLong("read_offset"), rs.getLong("file_size"), rs.getLong("next_line"),
                rs.getLong("stored_lines"), rs.getLong("stored_bytes"), rs.getInt("truncations"), rs.getString("state"),
                instant(rs, "last_line_at"));
    }

    private static LogLine line(ResultSet rs, int row) throws SQLException {
        return new LogLine(rs.getLong("id"), rs.getString("service_id"), (Long) rs.getObject("job_id", Long.class), rs.getString("stream"),
                rs.getLong("line_no"), instant(rs, "collected_at"), rs.getString("content"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Timestamps travel as UTC offsets: {@code java.sql.Timestamp} goes through the JVM's zone and loses DST hours. */
    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
