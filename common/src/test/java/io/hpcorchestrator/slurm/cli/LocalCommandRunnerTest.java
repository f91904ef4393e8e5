package io.hpcorchestrator.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandRunnerTest {

    private final LocalCommandRunner runner = new LocalCommandRunner(Duration.ofSeconds(10));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void runsTheWordsAsGivenWithoutAShell() {
        CommandResult result = runner.run(Command.of("printf", "%s|", "$(id)", "a b", "`x`"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("$(id)|a b|`x`|");
    }

    @Test
    void feedsStdinAndKeepsStdoutAndStderrApart() {
        CommandResult result = runner.run(Command.of("sh", "-c", "cat; echo oops >&2; exit 4")
                .withStdin("script\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).isEqualTo("script\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.message()).isEqualTo("oops");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotStall() {
        CommandResult result = runner.run(Command.of("sh", "-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2"));
        assertThat(result.stdout()).hasSize(1_000_000);
        assertThat(result.stderr()).hasSize(1_000_000);
    }

    @Test
    void environmentValuesArriveByteForByte() {
        String value = "it's \"$(not)\" `run` ${HOME} \\ ünï\nsecond line";
        CommandResult result = runner.run(Command.of("sh", "-c", "printf '%s' \"$HOSTILE\"").withEnvironment(Map.of("HOSTILE", value)));
        assertThat(result.stdout()).isEqualTo(value);
    }

    @Test
    void aSlurmTokenOfThisProcessDoesNotReachTheCommand() {
        Map<String, String> environment = new HashMap<>(Map.of("SLURM_JWT", "eyJ...", "PATH", "/usr/bin"));
        LocalCommandRunner.prepareEnvironment(environment, Command.of("squeue").withEnvironment(Map.of("TZ", "UTC0")));
        assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("TZ", "UTC0"));
    }

    @Test
    void aCommandPastItsTimeoutIsStoppedAndReported() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("sleep did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProgramThatDoesNotExistIsACommandException() {
        assertThatThrownBy(() -> runner.run(Command.of("no-such-program-here")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("could not start no-such-program-here");
    }

    @Test
    void readsAFileFromAnOffsetAndReportsItsSize() throws Exception {
        Path file = dir.resolve("job.out");
        Files.writeString(file, "line one\nline two\n");
        assertThat(runner.readFile(file.toString(), 9, 4)).hasValueSatisfying(chunk -> {
            assertThat(new String(chunk.data(), StandardCharsets.UTF_8)).isEqualTo("line");
            assertThat(chunk.offset()).isEqualTo(9);
            assertThat(chunk.size()).isEqualTo(18);
        });
        assertThat(runner.readFile(file.toString(), 0, 1 << 20)).hasValueSatisfying(chunk -> assertThat(chunk.data()).hasSize(18));
        assertThat(runner.readFile(file.toString(), 18, 10)).hasValueSatisfying(chunk -> assertThat(chunk.data()).isEmpty());
        assertThat(runner.readFile(file.toString(), 100, 10)).hasValueSatisfying(chunk -> assertThat(chunk.data()).isEmpty());
        assertThat(runner.readFile(dir.resolve("missing.out").toString(), 0, 10)).isEmpty();
    }
}
