package io.hpcorchestrator.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The ports a service listens on: fixed numbers, or {@code auto} for one port that the job picks
 * when it starts and reports back (see the batch script's report file and job comment).
 */
public record Ports(boolean auto, List<Integer> numbers) {

    public static final Ports NONE = new Ports(false, List.of());
    public static final Ports AUTO = new Ports(true, List.of());

    public Ports {
        numbers = List.copyOf(numbers);
    }

    public static Ports of(Integer... numbers) {
        return new Ports(false, List.of(numbers));
    }

    /** Accepts {@code auto}, a single number, or a list of numbers. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Ports parse(Object raw) {
        if (raw == null) {
            return NONE;
        }
        if ("auto".equals(raw)) {
            return AUTO;
        }
        if (raw instanceof Integer single) {
            return of(single);
        }
        if (raw instanceof List<?> items) {
            List<Integer> numbers = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof Integer number)) {
                    throw new IllegalArgumentException("expected 'auto' or a list of port numbers, got item '" + item + "'");
                }
                numbers.add(number);
            }
            return new Ports(false, numbers);
        }
        throw new IllegalArgumentException("expected 'auto' or a list of port numbers, got '" + raw + "'");
    }

    @JsonValue
    Object json() {
        return auto ? "auto" : numbers;
    }

    public boolean isEmpty() {
        return !auto && numbers.isEmpty();
    }
}
