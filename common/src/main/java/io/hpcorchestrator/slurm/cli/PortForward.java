package io.hpcorchestrator.slurm.cli;

/**
 * A local port that leads to a host and port behind the login node. Closing it frees the local port; it
 * also stops working when the SSH session it rides on ends, after which {@link #isOpen()} is false and the
 * caller opens a new one.
 */
public interface PortForward extends AutoCloseable {

    /** Where to connect on 127.0.0.1. */
    int localPort();

    boolean isOpen();

    @Override
    void close();
}
