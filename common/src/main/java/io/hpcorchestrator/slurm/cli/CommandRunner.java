package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.FileChunk;
import java.util.Optional;

/**
 * Where SLURM commands run: the only difference between the local and the SSH transport. Implementations
 * are thread-safe.
 */
public interface CommandRunner extends AutoCloseable {

    /**
     * Runs a command and waits for it. A non-zero exit code is a result, not an error.
     *
     * @throws CommandException when the command could not be run or ran past its timeout
     */
    CommandResult run(Command command);

    /**
     * Reads up to {@code maxBytes} of a file from {@code offset} without reading the rest of it. Empty when
     * the file does not exist.
     *
     * @throws CommandException when the file exists but cannot be read, or the machine cannot be reached
     */
    Optional<FileChunk> readFile(String path, long offset, int maxBytes);

    /** {@code local} or {@code ssh}. */
    String transport();

    @Override
    default void close() {
    }
}
