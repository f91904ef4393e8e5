package io.hpcorchestrator.slurm;

import java.util.Locale;

/** SLURM's job states (the base state, without flags such as COMPLETING). */
public enum JobState {
    PENDING, CONFIGURING, RUNNING, SUSPENDED, COMPLETING, COMPLETED, CANCELLED, FAILED, TIMEOUT, OUT_OF_MEMORY,
    NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE, REQUEUED, REQUEUE_HOLD, REQUEUE_FED, RESIZING, REVOKED, SPECIAL_EXIT,
    STOPPED, SIGNALING, STAGE_OUT, UNKNOWN;

    /** Maps SLURM's text (any case, short codes such as {@code PD} and {@code R} included) to a state. */
    public static JobState parse(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        String value = text.strip().toUpperCase(Locale.ROOT);
        return switch (value) {
            case "PD" -> PENDING;
            case "CF" -> CONFIGURING;
            case "R" -> RUNNING;
            case "S" -> SUSPENDED;
            case "CG" -> COMPLETING;
            case "CD" -> COMPLETED;
            case "CA" -> CANCELLED;
            case "F" -> FAILED;
            case "TO" -> TIMEOUT;
            case "OOM" -> OUT_OF_MEMORY;
            case "NF" -> NODE_FAIL;
            case "PR" -> PREEMPTED;
            case "BF" -> BOOT_FAIL;
            case "DL" -> DEADLINE;
            case "RQ" -> REQUEUED;
            case "RH" -> REQUEUE_HOLD;
            case "RF" -> REQUEUE_FED;
            case "RS" -> RESIZING;
            case "RV" -> REVOKED;
            case "SE" -> SPECIAL_EXIT;
            case "ST" -> STOPPED;
            case "SI" -> SIGNALING;
            case "SO" -> STAGE_OUT;
            default -> {
                // "CANCELLED by 0" and similar carry extra words after the state.
                String word = value.split("[\\s+]", 2)[0];
                try {
                    yield valueOf(word);
                } catch (IllegalArgumentException e) {
                    yield UNKNOWN;
                }
            }
        };
    }

    /** The job will not run (again) without a new submission. */
    public boolean isFinished() {
        return switch (this) {
            case COMPLETED, CANCELLED, FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE,
                    REVOKED, SPECIAL_EXIT -> true;
            default -> false;
        };
    }
}
