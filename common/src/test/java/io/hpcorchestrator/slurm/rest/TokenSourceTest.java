package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.testing.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.impl.NoOpLog;
import org.apache.commons.logging.impl.SimpleLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final NoOpLog QUIET = new NoOpLog();

    @Test
    void readsExpiryFromTheJwtPayloadAndStripsScontrolsPrefix() {
        String token = Tokens.jwt(NOW.plusSeconds(3600), "alice");
        assertThat(Jwt.clean("SLURM_JWT=" + token + "\n")).isEqualTo(token);
        assertThat(Jwt.clean("export SLURM_JWT=" + token)).isEqualTo(token);
        assertThat(Jwt.clean("some banner\n" + token + "\n\n")).isEqualTo(token);
        assertThat(Jwt.expiry(token)).contains(NOW.plusSeconds(3600));
        assertThat(Jwt.expiry("not-a-jwt")).isEmpty();
        assertThat(Jwt.expiry("a.%%%.c")).isEmpty();
    }

    @Test
    void aTokenFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwt");
        Files.writeString(file, "SLURM_JWT=first\n");
        FileTokenSource source = new FileTokenSource(file);
        assertThat(source.token()).isEqualTo("first");

        Files.writeString(file, "second\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(source.token()).isEqualTo("second");
        assertThat(source.toString()).doesNotContain("second");

        Files.delete(file);
        assertThatThrownBy(source::token).hasMessageContaining(file.toString());
    }

    @Test
    void aTokenCommandRunsAgainAtEightyPercentOfTheTokensLife() {
        MutableClock clock = new MutableClock(NOW);
        AtomicInteger runs = new AtomicInteger();
        CommandTokenSource source = new CommandTokenSource("scontrol token lifespan=1000", Duration.ofHours(1),
                Duration.ofSeconds(5), clock, (command, timeout) -> {
                    runs.incrementAndGet();
                    return "SLURM_JWT=" + Tokens.jwt(clock.instant().plusSeconds(1000), "run" + runs.get()) + "\n";
                }, QUIET);

        String first = source.token();
        assertThat(runs).hasValue(1);
        clock.advance(Duration.ofSeconds(799));
        assertThat(source.token()).isEqualTo(first);
        assertThat(runs).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        String second = source.token();
        assertThat(runs).hasValue(2);
        assertThat(second).isNotEqualTo(first).startsWith("eyJ");
        assertThat(source.toString()).doesNotContain(first).doesNotContain(second);
    }

    @Test
    void aTokenWithoutExpiryLivesForTheConfiguredLifespan() {
        MutableClock clock = new MutableClock(NOW);
        AtomicInteger runs = new AtomicInteger();
        CommandTokenSource source = new CommandTokenSource("print-token", Duration.ofMinutes(10), Duration.ofSeconds(5), clock,
                (command, timeout) -> "opaque-" + runs.incrementAndGet(), QUIET);
        assertThat(source.token()).isEqualTo("opaque-1");
        clock.advance(Duration.ofMinutes(7));
        assertThat(source.token()).isEqualTo("opaque-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(source.token()).isEqualTo("opaque-2");
    }

    @Test
    void aFailedRenewalKeepsTheCurrentTokenUntilItExpires() {
        MutableClock clock = new MutableClock(NOW);
        AtomicInteger runs = new AtomicInteger();
        CommandTokenSource source = new CommandTokenSource("flaky", Duration.ofHours(1), Duration.ofSeconds(5), clock,
                (command, timeout) -> {
                    if (runs.incrementAndGet() > 1) {
                        throw new IllegalStateException("token command exited with status 255");
                    }
                    return Tokens.jwt(NOW.plusSeconds(1000), "only");
                }, QUIET);
        String token = source.token();
        clock.advance(Duration.ofSeconds(900));
        assertThat(source.token()).isEqualTo(token);
        clock.advance(Duration.ofSeconds(100));
        assertThatThrownBy(source::token).hasMessageContaining("status 255");
    }

    @Test
    void runsARealCommandThroughTheShell() {
        String token = Tokens.jwt(Instant.now().plusSeconds(3600), "shell");
        CommandTokenSource source = new CommandTokenSource("echo SLURM_JWT=" + token, Duration.ofHours(1),
                Duration.ofSeconds(10), java.time.Clock.systemUTC());
        assertThat(source.token()).isEqualTo(token);
        assertThatThrownBy(() -> new CommandTokenSource("exit 7", Duration.ofHours(1), Duration.ofSeconds(10),
                java.time.Clock.systemUTC()).token()).hasMessageContaining("status 7");
    }

    @Test
    void theTokenNeverReachesTheLogOnlyItsExpiry() {
        List<String> logged = new ArrayList<>();
        SimpleLog capture = new SimpleLog("tokens") {
            @Override
            protected void log(int level, Object message, Throwable error) {
                logged.add(String.valueOf(message));
            }
        };
        capture.setLevel(SimpleLog.LOG_LEVEL_ALL);
        String token = Tokens.jwt(NOW.plusSeconds(3600), "secret-subject");
        MutableClock clock = new MutableClock(NOW);
        new CommandTokenSource("x", Duration.ofHours(1), Duration.ofSeconds(1), clock, (c, t) -> token, capture).token();
        assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                .doesNotContain(token).doesNotContain(token.split("\\.")[1]).contains("expires " + NOW.plusSeconds(3600)));
    }

    @Test
    void settingsChooseCommandThenFileThenToken(@TempDir Path dir) {
        assertThat(TokenSource.from(rest("t", null, null), java.time.Clock.systemUTC())).isInstanceOf(StaticTokenSource.class);
        assertThat(TokenSource.from(rest("t", dir.resolve("f"), null), java.time.Clock.systemUTC())).isInstanceOf(FileTokenSource.class);
        assertThat(TokenSource.from(rest("t", dir.resolve("f"), "cmd"), java.time.Clock.systemUTC())).isInstanceOf(CommandTokenSource.class);
        assertThatThrownBy(() -> TokenSource.from(rest(null, null, " "), java.time.Clock.systemUTC()))
                .hasMessageContaining("token-file");
        assertThat(new StaticTokenSource("SLURM_JWT=abc").token()).isEqualTo("abc");
        assertThat(new StaticTokenSource("abc").toString()).doesNotContain("abc");
    }

    private static ClusterProperties.Rest rest(String token, Path file, String command) {
        return new ClusterProperties.Rest(URI.create("http://127.0.0.1:1"), "v0.0.40", "u", token, file, command,
                Duration.ofHours(1), Duration.ofSeconds(1));
    }
}
