package io.hpcorchestrator.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token may do. */
public enum Role {
    /** Acts on what it created: deploys, benchmarks, reads its own services and logs. */
    USER,
    /** Everything a user may, on everything, plus the audit trail. */
    ADMIN,
    /** Reads the Prometheus endpoints and nothing else. */
    SCRAPE,
    /** Another service of the suite: reads everything, changes nothing. */
    SERVICE;

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")) + ")");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
