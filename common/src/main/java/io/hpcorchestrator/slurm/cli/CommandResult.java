package io.hpcorchestrator.slurm.cli;

/** How a command ended: its exit code and what it printed (UTF-8). */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stderr, or stdout when stderr is empty, stripped: what to show when the command failed. */
    public String message() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
