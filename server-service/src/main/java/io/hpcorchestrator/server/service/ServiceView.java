package io.hpcorchestrator.server.service;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A service as the API shows it (seed-compatible names: {@code id}, {@code job_id}, {@code status},
 * {@code recipe_name}, {@code created_at}). Secrets never appear: they are not stored.
 *
 * @param name        the SLURM job name
 * @param owner       the user who deployed it (null for services deployed before tokens existed)
 * @param endpoint    {@code http://address:port} once the job has reported where it listens
 * @param transitions the state history; only in single-service views
 */
public record ServiceView(
        String id,
        Long jobId,
        String name,
        String recipeName,
        String owner,
        ServiceState status,
        String reason,
        String endpoint,
        String node,
        String address,
        Integer port,
        Integer exitCode,
        boolean cancelRequested,
        JsonNode config,
        String stdoutPath,
        String stderrPath,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt,
        Instant startedAt,
        Instant readyAt,
        Instant endedAt,
        List<ServiceTransition> transitions) {

    static ServiceView of(ServiceRecord service, JsonNode config, List<ServiceTransition> transitions) {
        return new ServiceView(service.id(), service.jobId(), service.jobName(), service.recipeName(), service.owner(), service.status(), service.reason(),
                service.endpoint().orElse(null), service.node(), service.address(), service.port(), service.exitCode(),
                service.cancelRequested(), config, expand(service.stdoutPath(), service), expand(service.stderrPath(), service),
                service.createdAt(), service.updatedAt(), service.submittedAt(), service.startedAt(), service.readyAt(), service.endedAt(),
                transitions);
    }

    /** Output paths hold SLURM's {@code %x} and {@code %j}; once the job id is known they name real files. */
    static String expand(String pattern, ServiceRecord service) {
        if (pattern == null || service.jobId() == null) {
            return pattern;
        }
        return pattern.replace("%x", service.jobName()).replace("%j", Long.toString(service.jobId()));
    }
}
