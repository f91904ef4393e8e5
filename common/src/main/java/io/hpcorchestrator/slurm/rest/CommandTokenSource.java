package io.hpcorchestrator.slurm.rest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A token printed by a command ({@code ssh login scontrol token lifespan=3600}), run again once 80% of the
 * token's life has passed, so requests never race its expiry. The lifetime comes from the token's
 * {@code exp} claim, or from the configured lifespan when the token does not carry one.
 */
final class CommandTokenSource implements TokenSource {

    private static final double RENEW_AT = 0.8;

    private final String command;
    private final Duration lifespan;
    private final Duration commandTimeout;
    private final Clock clock;
    private final CommandRunner runner;
    private final Log log;
    private String token;
    private Instant renewAt = Instant.MIN;
    private Instant expires = Instant.MIN;

    /** Runs the command and returns what it printed on stdout. */
    @FunctionalInterface
    interface CommandRunner {
        String run(String command, Duration timeout);
    }

    CommandTokenSource(String command, Duration lifespan, Duration commandTimeout, Clock clock) {
        this(command, lifespan, commandTimeout, clock, CommandTokenSource::runShell, LogFactory.getLog(CommandTokenSource.class));
    }

    CommandTokenSource(String command, Duration lifespan, Duration commandTimeout, Clock clock, CommandRunner runner, Log log) {
        this.command = command;
        this.lifespan = lifespan;
        this.commandTimeout = commandTimeout;
        this.clock = clock;
        this.runner = runner;
        this.log = log;
    }

    @Override
    public synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        String fresh;
        try {
            fresh = Jwt.clean(runner.run(command, commandTimeout));
            if (fresh.isEmpty()) {
                throw new IllegalStateException("token command printed no token");
            }
        } catch (RuntimeException e) {
            // Renewal starts early so that a failing command (login node rebooting) costs nothing yet.
            if (token != null && now.isBefore(expires)) {
                log.warn("could not renew the slurmrestd token, keeping the current one until " + expires + ": " + e.getMessage());
                return token;
            }
            throw e;
        }
        expires = Jwt.expiry(fresh).orElse(now.plus(lifespan));
        Duration life = Duration.between(now, expires);
        token = fresh;
        renewAt = life.isNegative() ? now : now.plusMillis((long) (life.toMillis() * RENEW_AT));
        log.info("obtained a slurmrestd token from the token command (expires " + expires + ", renewing at " + renewAt + ")");
        return token;
    }

    private static String runShell(String command, Duration timeout) {
        Process process = null;
        try {
            process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            InputStream stdout = process.getInputStream();
            // Read while waiting: a command printing more than a pipe buffer would otherwise never exit.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("token command did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("token command exited with status " + process.exitValue());
            }
            return new String(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run token command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the token command", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the token command's output", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "CommandTokenSource[renewAt=" + renewAt + "]";
    }
}
