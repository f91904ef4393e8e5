package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker compose's own check of the file ({@code docker compose config}), with an empty .env, with the example
 * settings and with the local-slurm profile. Needs the compose plugin (or docker-compose v2) but no engine.
 */
class ComposeConfigTest {

    private static List<String> compose;

    @BeforeAll
    static void findCompose() throws Exception {
        if (Repo.onPath("docker") && DeployConfigsTest.run(Map.of(), "docker", "compose", "version").exitCode() == 0) {
            compose = List.of("docker", "compose");
        } else if (Repo.onPath("docker-compose") && DeployConfigsTest.run(Map.of(), "docker-compose", "version").exitCode() == 0) {
            compose = List.of("docker-compose");
        }
    }

    private DeployConfigsTest.Run config(String... options) throws Exception {
        assumeTrue(compose != null, "neither 'docker compose' nor 'docker-compose' is installed here; the file was only "
                + "checked by parsing it (ComposeFileTest)");
        List<String> command = new java.util.ArrayList<>(compose);
        command.addAll(List.of(options));
        command.addAll(List.of("-f", "docker-compose.yml", "config", "--quiet"));
        return DeployConfigsTest.run(Map.of(), command.toArray(String[]::new));
    }

    @Test
    void fileIsValidWithDefaults() throws Exception {
        DeployConfigsTest.Run run = config("--env-file", "deploy/compose/no-secrets.env");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void fileIsValidWithTheExampleSettings() throws Exception {
        DeployConfigsTest.Run run = config("--env-file", ".env.example", "--profile", "postgres");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void fileIsValidWithTheLocalSlurmProfile() throws Exception {
        DeployConfigsTest.Run run = config("--env-file", "deploy/local-slurm/local-slurm.env", "--profile", "local-slurm");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
