package io.hpcorchestrator.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens in effect: those of the environment plus those of the tokens file, which is re-read when it changes
 * (looked at no more than every {@link #CHECK_INTERVAL}), so adding, rotating and revoking a token needs no restart.
 * A file that stops parsing keeps the tokens read last, and says so in the log.
 */
public final class TokenSource implements Supplier<TokenRegistry> {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(TokenSource.class);

    private final String environment;
    private final Path file;
    private final Clock clock;
    private volatile TokenRegistry current;
    private volatile Instant nextCheck;
    private String fileStamp;

    /** Reads the tokens once; a mistake in them fails here, at start-up, with the entry named. */
    public TokenSource(String environment, Path file, Clock clock) {
        this.environment = environment;
        this.file = file;
        this.clock = clock;
        this.fileStamp = stamp();
        this.current = TokenRegistry.load(environment, file);
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    @Override
    public TokenRegistry get() {
        if (file != null && !clock.instant().isBefore(nextCheck)) {
            reloadIfChanged();
        }
        return current;
    }

    private synchronized void reloadIfChanged() {
        if (clock.instant().isBefore(nextCheck)) {
            return;
        }
        nextCheck = clock.instant().plus(CHECK_INTERVAL);
        String stamp = stamp();
        if (stamp.equals(fileStamp)) {
            return;
        }
        fileStamp = stamp;
        try {
            current = TokenRegistry.load(environment, file);
            log.info("tokens file {} re-read: {} token(s) accepted", file, current.size());
        } catch (IllegalArgumentException e) {
            log.error("tokens file {} changed but is not valid, keeping the tokens read before: {}", file, e.getMessage());
        }
    }

    private String stamp() {
        if (file == null) {
            return "";
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime() + "/" + attributes.size() + "/" + attributes.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }
}
