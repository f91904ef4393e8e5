package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The launcher, the footprint benchmark and the local-slurm entrypoint parse and pass shellcheck. */
class ShellScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"scripts/suite.sh", "scripts/bench-footprint.sh", "deploy/local-slurm/entrypoint.sh",
            "deploy-tests/src/test/resources/local-slurm-in-namespaces.sh"})
    void scriptParsesAndPassesShellcheck(String script) throws Exception {
        assertThat(Repo.path(script)).isExecutable();
        DeployConfigsTest.Run syntax = DeployConfigsTest.run(Map.of(), "bash", "-n", script);
        assertThat(syntax.exitCode()).as(syntax.output()).isZero();

        assumeTrue(Repo.onPath("shellcheck"), "shellcheck is not installed (apt-get install shellcheck)");
        DeployConfigsTest.Run check = DeployConfigsTest.run(Map.of(), "shellcheck", "-x", script);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"scripts/suite.sh, start stop restart status logs prepare env",
            "deploy/local-slurm/entrypoint.sh, run health env"})
    void helpNamesEveryCommand(String script, String commands) throws Exception {
        DeployConfigsTest.Run help = DeployConfigsTest.run(Map.of(), "bash", script, "--help");
        assertThat(help.exitCode()).isZero();
        for (String command : commands.split(" ")) {
            assertThat(help.output()).containsPattern("(?m)^\\s*\\S+ " + command + "\\b");
        }
    }
}
