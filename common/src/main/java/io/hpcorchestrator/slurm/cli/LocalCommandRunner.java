package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.FileChunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Runs SLURM commands on this machine: for a suite deployed on a login node. */
public final class LocalCommandRunner implements CommandRunner {

    private static final Log log = LogFactory.getLog(LocalCommandRunner.class);

    /**
     * With a token in its environment a SLURM command authenticates as the token's user instead of through
     * munge; the REST transport's token must not change who the CLI runs as.
     */
    private static final String SLURM_JWT = "SLURM_JWT";

    private final Duration defaultTimeout;
    private final ExecutorService streams = Executors.newCachedThreadPool(daemonThreads());

    public LocalCommandRunner(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public CommandResult run(Command command) {
        Duration timeout = command.timeout() != null ? command.timeout() : defaultTimeout;
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        prepareEnvironment(builder.environment(), command);
        log.debug("running " + command.argv());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException("could not start " + command.program() + ": " + e.getMessage(), e);
        }
        // Feeding stdin and draining both outputs concurrently: a full pipe would otherwise stall the command.
        CompletableFuture<Void> input = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), command.stdin()), streams);
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), streams);
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), streams);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandException(command.program() + " did not finish within " + timeout);
            }
            input.exceptionally(ignored -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new CommandResult(process.exitValue(), text(stdout, timeout), text(stderr, timeout));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while " + command.program() + " ran", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new CommandException("could not collect the output of " + command.program(), e);
        }
    }

    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative");
        }
        try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.max(0, Math.min(maxBytes, size - offset));
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            byte[] data = new byte[buffer.position()];
            buffer.flip().get(data);
            return Optional.of(new FileChunk(offset, data, size));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CommandException("could not read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String transport() {
        return "local";
    }

    @Override
    public void close() {
        streams.shutdownNow();
    }

    @Override
    public String toString() {
        return "LocalCommandRunner[timeout=" + defaultTimeout + "]";
    }

    /** This process's environment without its SLURM token, plus the command's variables. */
    static void prepareEnvironment(Map<String, String> inherited, Command command) {
        inherited.remove(SLURM_JWT);
        inherited.putAll(command.environment());
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells the story.
        }
    }

    private static byte[] drain(InputStream out) {
        try (out) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            out.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(CompletableFuture<byte[]> output, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return new String(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "slurm-cli-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
