package io.hpcorchestrator.server.service;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a deployed service is in its life.
 *
 * <pre>
 *  SUBMITTING --> PENDING --> BUILDING --> STARTING --> RUNNING
 *      |             |  \__________|__________/ |          |
 *      |             |             |            |          |
 *      +-------------+-------------+------------+----------+--> COMPLETED | FAILED | CANCELLED
 * </pre>
 *
 * Jobs may skip phases (a job with its image in place goes from PENDING straight to STARTING; a service
 * without a readiness probe from STARTING to RUNNING within one cycle), so every forward edge is allowed,
 * never a backward one. FAILED is reached only once the job has ended or could not be submitted.
 */
public enum ServiceState {
    /** Accepted and stored; the job is being submitted (or will be, once SLURM answers). */
    SUBMITTING,
    /** SLURM holds the job in its queue; the reason says why it waits. */
    PENDING,
    /** The job runs and is building its container image. */
    BUILDING,
    /** The job runs and has started the service; the readiness probe has not passed yet. */
    STARTING,
    /** The job runs and the readiness probe passes. */
    RUNNING,
    /** The job ended with exit code 0. */
    COMPLETED,
    /** The job ended otherwise, or could not be submitted; the reason says how. */
    FAILED,
    /** The job was cancelled. */
    CANCELLED;

    private static final Map<ServiceState, Set<ServiceState>> TRANSITIONS = Map.of(
            SUBMITTING, EnumSet.of(PENDING, BUILDING, STARTING, RUNNING, COMPLETED, FAILED, CANCELLED),
            PENDING, EnumSet.of(BUILDING, STARTING, RUNNING, COMPLETED, FAILED, CANCELLED),
            BUILDING, EnumSet.of(STARTING, RUNNING, COMPLETED, FAILED, CANCELLED),
            STARTING, EnumSet.of(RUNNING, COMPLETED, FAILED, CANCELLED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
            COMPLETED, EnumSet.noneOf(ServiceState.class),
            FAILED, EnumSet.noneOf(ServiceState.class),
            CANCELLED, EnumSet.noneOf(ServiceState.class));

    public boolean canMoveTo(ServiceState next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public boolean isTerminal() {
        return TRANSITIONS.get(this).isEmpty();
    }

    /** States in which the job runs on a node (it has an allocation and may have an endpoint). */
    public boolean isOnNode() {
        return this == BUILDING || this == STARTING || this == RUNNING;
    }
}
