package io.hpcorchestrator.slurm;

/** SLURM refused a request, or could not be asked. */
public class SlurmException extends RuntimeException {

    public enum Kind {
        /** SLURM answered and said no: the request must change (an API user's 4xx). */
        REJECTED,
        /** SLURM or the way to it is down or failed; the same request may work later or over another transport. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String transport;

    public SlurmException(Kind kind, String transport, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.transport = transport;
    }

    public SlurmException(Kind kind, String transport, String message) {
        this(kind, transport, message, null);
    }

    public static SlurmException rejected(String transport, String message) {
        return new SlurmException(Kind.REJECTED, transport, message);
    }

    public static SlurmException unavailable(String transport, String message, Throwable cause) {
        return new SlurmException(Kind.UNAVAILABLE, transport, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String transport() {
        return transport;
    }
}
