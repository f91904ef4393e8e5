package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.FileChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link CommandRunner} that answers from a script and remembers what it was asked to run. */
final class ScriptedRunner implements CommandRunner {

    final List<Command> commands = new ArrayList<>();
    private final Deque<Supplier<CommandResult>> answers = new ArrayDeque<>();

    ScriptedRunner answer(int exitCode, String stdout, String stderr) {
        answers.add(() -> new CommandResult(exitCode, stdout, stderr));
        return this;
    }

    ScriptedRunner fail(String message) {
        answers.add(() -> {
            throw new CommandException(message);
        });
        return this;
    }

    @Override
    public CommandResult run(Command command) {
        commands.add(command);
        if (answers.isEmpty()) {
            throw new AssertionError("no answer scripted for " + command);
        }
        return answers.removeFirst().get();
    }

    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        return Optional.of(new FileChunk(offset, path.getBytes(), 42));
    }

    @Override
    public String transport() {
        return "scripted";
    }
}
