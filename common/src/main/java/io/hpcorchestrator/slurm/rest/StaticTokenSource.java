package io.hpcorchestrator.slurm.rest;

/** A token given once, e.g. from the environment; when it expires, requests fail as UNAVAILABLE. */
final class StaticTokenSource implements TokenSource {

    private final String token;

    StaticTokenSource(String token) {
        this.token = Jwt.clean(token);
        if (this.token.isEmpty()) {
            throw new IllegalArgumentException("the slurmrestd token is empty");
        }
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "StaticTokenSource[expires=" + Jwt.expiry(token).map(Object::toString).orElse("unknown") + "]";
    }
}
