package io.hpcorchestrator.client.web;

/**
 * Something the request depends on cannot be used: the server's API, SLURM, or the benchmark's target.
 *
 * @see #status()
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final String title;

    public UpstreamException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    /** 503 when it is unavailable and worth retrying, 422 when the target answered but cannot be benchmarked. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
