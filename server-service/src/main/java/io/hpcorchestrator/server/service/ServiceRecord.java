package io.hpcorchestrator.server.service;

import java.time.Instant;
import java.util.Optional;

/**
 * One deployment as stored. Immutable: changes produce a new record, written back with an optimistic
 * {@code version} check so the API and the reconciler never overwrite each other's work.
 *
 * @param jobName        unique per deployment, so a submission interrupted by a crash can be found in SLURM
 * @param config         the deployment's overrides as JSON (never secrets)
 * @param healthPath     the readiness probe's path, null when the recipe has none
 * @param fixedPort      the recipe's first port, null for {@code auto} or no ports
 * @param node           the node the service runs on, once known
 * @param address        that node's address ({@code NodeAddr}), once known
 * @param port           the service's port, once known
 * @param metricsPath    the recipe's metrics path ({@code /metrics}), null when the service exports none
 * @param owner          the user who deployed it; null for services deployed before tokens existed (admins only)
 */
public record ServiceRecord(
        String id,
        String recipeName,
        String jobName,
        Long jobId,
        ServiceState status,
        String reason,
        String config,
        String script,
        String stdoutPath,
        String stderrPath,
        String workDir,
        String healthPath,
        Integer fixedPort,
        String node,
        String address,
        Integer port,
        Integer exitCode,
        boolean cancelRequested,
        String idempotencyKey,
        String requestHash,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt,
        Instant startedAt,
        Instant readyAt,
        Instant endedAt,
        long version,
        String metricsPath,
        String owner) {

    /** A service without a metrics path: its recipe has no {@code metrics.path}. */
    public ServiceRecord(String id, String recipeName, String jobName, Long jobId, ServiceState status, String reason, String config,
            String script, String stdoutPath, String stderrPath, String workDir, String healthPath, Integer fixedPort, String node,
            String address, Integer port, Integer exitCode, boolean cancelRequested, String idempotencyKey, String requestHash,
            Instant createdAt, Instant updatedAt, Instant submittedAt, Instant startedAt, Instant readyAt, Instant endedAt, long version) {
        this(id, recipeName, jobName, jobId, status, reason, config, script, stdoutPath, stderrPath, workDir, healthPath, fixedPort, node,
                address, port, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, updatedAt, submittedAt, startedAt, readyAt,
                endedAt, version, null, null);
    }

    /** A service nobody owns: deployed before tokens existed. */
    public ServiceRecord(String id, String recipeName, String jobName, Long jobId, ServiceState status, String reason, String config,
            String script, String stdoutPath, String stderrPath, String workDir, String healthPath, Integer fixedPort, String node,
            String address, Integer port, Integer exitCode, boolean cancelRequested, String idempotencyKey, String requestHash,
            Instant createdAt, Instant updatedAt, Instant submittedAt, Instant startedAt, Instant readyAt, Instant endedAt, long version,
            String metricsPath) {
        this(id, recipeName, jobName, jobId, status, reason, config, script, stdoutPath, stderrPath, workDir, healthPath, fixedPort, node,
                address, port, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, updatedAt, submittedAt, startedAt, readyAt,
                endedAt, version, metricsPath, null);
    }

    /** {@code http://address:port} once both are known. */
    public Optional<String> endpoint() {
        return address == null || port == null ? Optional.empty() : Optional.of("http://" + hostForUrl(address) + ":" + port);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public ServiceRecord withJob(long newJobId, Instant at) {
        return new ServiceRecord(id, recipeName, jobName, newJobId, status, reason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, node, address, port, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, at,
                submittedAt == null ? at : submittedAt, startedAt, readyAt, endedAt, version, metricsPath, owner);
    }

    /** A state change; the caller has checked the transition is allowed. Timestamps follow the state. */
    public ServiceRecord withStatus(ServiceState next, String newReason, Instant at) {
        Instant started = startedAt == null && next.isOnNode() ? at : startedAt;
        Instant ready = readyAt == null && next == ServiceState.RUNNING ? at : readyAt;
        Instant ended = endedAt == null && next.isTerminal() ? at : endedAt;
        return new ServiceRecord(id, recipeName, jobName, jobId, next, newReason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, node, address, port, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, at,
                submittedAt, started, ready, ended, version, metricsPath, owner);
    }

    public ServiceRecord withReason(String newReason, Instant at) {
        return new ServiceRecord(id, recipeName, jobName, jobId, status, newReason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, node, address, port, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, at,
                submittedAt, startedAt, readyAt, endedAt, version, metricsPath, owner);
    }

    public ServiceRecord withEndpoint(String newNode, String newAddress, Integer newPort, Instant at) {
        return new ServiceRecord(id, recipeName, jobName, jobId, status, reason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, newNode, newAddress, newPort, exitCode, cancelRequested, idempotencyKey, requestHash, createdAt, at,
                submittedAt, startedAt, readyAt, endedAt, version, metricsPath, owner);
    }

    public ServiceRecord withExitCode(Integer newExitCode) {
        return new ServiceRecord(id, recipeName, jobName, jobId, status, reason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, node, address, port, newExitCode, cancelRequested, idempotencyKey, requestHash, createdAt, updatedAt,
                submittedAt, startedAt, readyAt, endedAt, version, metricsPath, owner);
    }

    public ServiceRecord withCancelRequested(Instant at) {
        return new ServiceRecord(id, recipeName, jobName, jobId, status, reason, config, script, stdoutPath, stderrPath, workDir,
                healthPath, fixedPort, node, address, port, exitCode, true, idempotencyKey, requestHash, createdAt, at,
                submittedAt, startedAt, readyAt, endedAt, version, metricsPath, owner);
    }
}
