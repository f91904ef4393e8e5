package io.hpcorchestrator.slurm.rest;

/**
 * The number wrapper of v0.0.40 and later ({@code {"set": true, "infinite": false, "number": 5}}), which
 * replaced v0.0.38's plain numbers and magic values such as 4294967294.
 */
record NoVal(Boolean set, Boolean infinite, Long number) {

    static NoVal of(long number) {
        return new NoVal(true, false, number);
    }

    static final NoVal INFINITE = new NoVal(true, true, 0L);

    /** The number when one is set; null when unset or infinite. */
    Long value() {
        return Boolean.TRUE.equals(set) && !isInfinite() ? number : null;
    }

    boolean isInfinite() {
        return Boolean.TRUE.equals(infinite);
    }

    static Long valueOf(NoVal value) {
        return value == null ? null : value.value();
    }

    static Integer intValueOf(NoVal value) {
        Long v = valueOf(value);
        return v == null ? null : v.intValue();
    }
}
