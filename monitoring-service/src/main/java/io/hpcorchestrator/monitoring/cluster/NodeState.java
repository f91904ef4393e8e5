package io.hpcorchestrator.monitoring.cluster;

import java.util.List;
import java.util.Locale;

/**
 * One word for a node's state, as {@code sinfo} would print it, from SLURM's base state and flags
 * ({@code IDLE+DRAIN} is drained, {@code MIXED+DRAIN} draining: jobs still run but no new ones start).
 */
final class NodeState {

    /** Always published per partition, zero or not, so dashboards and alerts see every one of them. */
    static final List<String> MAIN = List.of("idle", "mixed", "allocated", "draining", "drained", "down");

    private NodeState() {
    }

    static String of(List<String> states) {
        if (states.isEmpty()) {
            return "unknown";
        }
        String base = states.get(0).toUpperCase(Locale.ROOT);
        boolean drain = states.stream().anyMatch(state -> state.equalsIgnoreCase("DRAIN") || state.equalsIgnoreCase("DRAINING")
                || state.equalsIgnoreCase("DRAINED"));
        if (base.equals("DOWN") || states.stream().anyMatch(state -> state.equalsIgnoreCase("DOWN"))) {
            return "down";
        }
        if (base.equals("DRAINED")) {
            return "drained";
        }
        if (base.equals("DRAINING")) {
            return "draining";
        }
        if (drain) {
            return base.equals("IDLE") ? "drained" : "draining";
        }
        if (states.stream().anyMatch(state -> state.equalsIgnoreCase("FAIL"))) {
            return "fail";
        }
        return switch (base) {
            case "IDLE" -> "idle";
            case "MIXED" -> "mixed";
            case "ALLOCATED", "ALLOC" -> "allocated";
            case "COMPLETING" -> "completing";
            case "FUTURE" -> "future";
            case "PLANNED" -> "planned";
            case "ERROR" -> "error";
            default -> base.toLowerCase(Locale.ROOT).replaceAll("[^a-z_]", "_");
        };
    }
}
