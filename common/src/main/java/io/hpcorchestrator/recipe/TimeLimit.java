package io.hpcorchestrator.recipe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SLURM time limit. Accepts every format {@code sbatch --time} accepts ({@code M}, {@code M:S},
 * {@code H:M:S}, {@code D-H}, {@code D-H:M}, {@code D-H:M:S}) so recipes can be copied from existing
 * scripts, and renders one canonical form: {@code HH:MM:SS}, or {@code D-HH:MM:SS} from one day on.
 */
public record TimeLimit(long seconds) {

    private static final Pattern WITH_DAYS = Pattern.compile("(\\d{1,4})-(\\d{1,2})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");
    private static final Pattern WITHOUT_DAYS = Pattern.compile("(\\d{1,6})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    public TimeLimit {
        if (seconds <= 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("must be between 1 second and 365 days");
        }
    }

    /** Parses a value; an empty result means the value is not a SLURM time format. */
    public static Optional<TimeLimit> parse(String text) {
        String value = text.strip();
        Matcher days = WITH_DAYS.matcher(value);
        if (days.matches()) {
            long hours = Long.parseLong(days.group(2));
            long minutes = number(days.group(3));
            long secs = number(days.group(4));
            if (hours > 23 || minutes > 59 || secs > 59) {
                return Optional.empty();
            }
            return of(Long.parseLong(days.group(1)) * 86400 + hours * 3600 + minutes * 60 + secs);
        }
        Matcher plain = WITHOUT_DAYS.matcher(value);
        if (plain.matches()) {
            if (plain.group(3) != null) {
                long minutes = number(plain.group(2));
                long secs = number(plain.group(3));
                if (minutes > 59 || secs > 59) {
                    return Optional.empty();
                }
                return of(Long.parseLong(plain.group(1)) * 3600 + minutes * 60 + secs);
            }
            long secs = number(plain.group(2));
            if (secs > 59) {
                return Optional.empty();
            }
            return of(Long.parseLong(plain.group(1)) * 60 + secs);
        }
        return Optional.empty();
    }

    private static Optional<TimeLimit> of(long seconds) {
        return seconds <= 0 || seconds > MAX_SECONDS ? Optional.empty() : Optional.of(new TimeLimit(seconds));
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** The {@code --time} value. */
    public String toSlurm() {
        long days = seconds / 86400;
        long rest = seconds % 86400;
        String clock = String.format("%02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        return days > 0 ? days + "-" + clock : clock;
    }
}
