package io.hpcorchestrator.slurm.cli;

/**
 * A command could not be run or did not finish: the login node is unreachable, authentication failed, the
 * program could not start, or it ran past its timeout. Says nothing about what SLURM thinks of the request.
 * Messages name the program, never its environment.
 */
public class CommandException extends RuntimeException {

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }

    public CommandException(String message) {
        super(message);
    }
}
