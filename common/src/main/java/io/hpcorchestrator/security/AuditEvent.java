package io.hpcorchestrator.security;

import java.time.Instant;

/**
 * One mutating call: who, when, what on which target, and how it ended.
 *
 * @param outcome {@code ok}, {@code refused} (bad input, limits, not found) or {@code failed} (the system failed)
 */
public record AuditEvent(long id, Instant at, String user, String role, String action, String target, String outcome, String detail) {
}
