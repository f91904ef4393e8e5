package io.hpcorchestrator.security;

import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail of mutating calls, kept in the service's own database (table {@code audit_events}, created by
 * each service's migrations). Writing never fails the call it records: a lost audit line is logged instead.
 */
public class AuditLog {

    public enum Outcome { OK, REFUSED, FAILED }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TEXT = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(Caller caller, String action, String target, Outcome outcome, String detail) {
        try {
            jdbc.sql("INSERT INTO audit_events (at, user_name, role, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(java.sql.Timestamp.from(clock.instant()), caller.name(), caller.role().label(), action,
                            cut(target, 256), outcome.name().toLowerCase(java.util.Locale.ROOT), detail == null ? null : cut(detail, MAX_TEXT))
                    .update();
        } catch (RuntimeException e) {
            log.error("audit event not recorded ({} {} {} by {}): {}", action, target, outcome, caller.name(), e.getMessage());
        }
    }

    /** Newest first; {@code user} and {@code action} filter when not null. */
    public List<AuditEvent> find(String user, String action, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT id, at, user_name, role, action, target, outcome, detail FROM audit_events WHERE 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (user != null) {
            sql.append(" AND user_name = ?");
            params.add(user);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            params.add(action);
        }
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query((row, number) -> new AuditEvent(row.getLong("id"),
                row.getTimestamp("at").toInstant(), row.getString("user_name"), row.getString("role"), row.getString("action"),
                row.getString("target"), row.getString("outcome"), row.getString("detail"))).list();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
