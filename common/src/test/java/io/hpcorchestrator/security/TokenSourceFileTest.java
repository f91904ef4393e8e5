package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceFileTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Test
    void aTokenAddedOrRevokedInTheFileCountsWithoutARestartAndABrokenFileKeepsTheTokensReadBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        write(file, "alice user " + TokenHash.of("alice-token-0123456789") + "\n", 1);
        TokenSource source = new TokenSource("ops admin ops-token-0123456789", file, clock);
        assertThat(source.get().authenticate("alice-token-0123456789")).isPresent();

        write(file, "bob user " + TokenHash.of("bob-token-0123456789") + "\n", 2);
        assertThat(source.get().authenticate("alice-token-0123456789")).as("not looked at again yet").isPresent();
        clock.advance(TokenSource.CHECK_INTERVAL);
        assertThat(source.get().authenticate("alice-token-0123456789")).as("revoked").isEmpty();
        assertThat(source.get().authenticate("bob-token-0123456789")).as("added").isPresent();
        assertThat(source.get().authenticate("ops-token-0123456789")).as("from the environment").isPresent();

        write(file, "bob user plain-token-in-file\n", 3);
        clock.advance(TokenSource.CHECK_INTERVAL);
        assertThat(source.get().authenticate("bob-token-0123456789")).as("kept after a broken edit").isPresent();
    }

    private static void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-26T09:00:00Z").plusSeconds(second)));
    }
}
