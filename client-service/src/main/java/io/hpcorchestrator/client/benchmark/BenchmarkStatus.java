package io.hpcorchestrator.client.benchmark;

import java.util.Set;

/**
 * Where a benchmark is.
 *
 * <pre>
 *  PENDING ──> RUNNING ──> COMPLETED     every step ran to its stop condition
 *     │           ├──────> FAILED        it could not run (every warm-up failed, the SLURM job failed, ...)
 *     │           ├──────> CANCELLED     DELETE; what was measured is kept
 *     │           └──────> INTERRUPTED   the client service stopped mid-run; what was measured is kept
 *     └──> CANCELLED | FAILED | INTERRUPTED
 * </pre>
 *
 * A local benchmark waits in PENDING for the one before it (benchmarks on one machine run one at a time, or they
 * would measure each other); one run as a SLURM job is PENDING while its job is.
 */
public enum BenchmarkStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, INTERRUPTED;

    private static final Set<BenchmarkStatus> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED, INTERRUPTED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }
}
