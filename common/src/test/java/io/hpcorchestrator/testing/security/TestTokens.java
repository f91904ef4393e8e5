package io.hpcorchestrator.testing.security;

/**
 * Tokens the services' tests run with: two users to prove that one cannot see the other's resources, an admin, a
 * scrape token and the suite's own service token. {@link #HPC_TOKENS} is the value to give the service under test.
 */
public final class TestTokens {

    public static final String ALICE = "test-token-alice-5b0e1c7d2f";
    public static final String BOB = "test-token-bob-93a4d1e8c6";
    public static final String ADMIN = "test-token-admin-0d7c3b9a14";
    public static final String SCRAPE = "test-token-scrape-6e2f8a5b70";
    public static final String SERVICE = "test-token-service-c41d9e2a88";

    /** A constant expression (no method calls), so that {@link #PROPERTY} can stand in annotations. */
    public static final String HPC_TOKENS = "alice user " + ALICE
            + ",bob user " + BOB
            + ",root admin " + ADMIN
            + ",prometheus scrape " + SCRAPE
            + ",suite service " + SERVICE;

    /** For {@code @SpringBootTest(properties = ...)}. */
    public static final String PROPERTY = "HPC_TOKENS=" + HPC_TOKENS;

    private TestTokens() {
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
