package io.hpcorchestrator.security;

/** The authenticated caller of a request; controllers take it as a parameter. */
public record Caller(String name, Role role) {

    /**
     * The caller of a request to an open path ({@code hpc.security.open-paths}), where a token is optional: empty when
     * the request came without one. Everywhere else controllers take a {@code Caller} parameter instead.
     */
    public static java.util.Optional<Caller> of(jakarta.servlet.http.HttpServletRequest request) {
        return java.util.Optional.ofNullable((Caller) request.getAttribute(BearerTokenFilter.CALLER_ATTRIBUTE));
    }

    /** Admins and the suite's own services read everyone's resources. */
    public boolean seesEverything() {
        return role == Role.ADMIN || role == Role.SERVICE;
    }

    /** Whether this caller may see a resource created by {@code owner}. */
    public boolean canSee(String owner) {
        return seesEverything() || name.equals(owner);
    }

    /** The owner filter for listings: empty for callers who see everything. */
    public java.util.Optional<String> ownerFilter() {
        return seesEverything() ? java.util.Optional.empty() : java.util.Optional.of(name);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
