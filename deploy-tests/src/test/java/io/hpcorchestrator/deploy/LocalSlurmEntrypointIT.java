package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-slurm container's entrypoint and deploy/local-slurm/local-slurm.env, without Docker: the entrypoint runs
 * on this Debian 12 machine in private namespaces (src/test/resources/local-slurm-in-namespaces.sh) and the server,
 * configured as compose configures it, deploys the simulator on it over rest+ssh, prompts it and cancels it.
 */
class LocalSlurmEntrypointIT {

    @TempDir
    Path scratch;

    @Test
    void entrypointBringsUpAClusterTheServerDeploysOnWithLocalSlurmEnv() throws Exception {
        DeployConfigsTest.Run whoami = DeployConfigsTest.run(Map.of(), "id", "-u");
        assumeTrue(whoami.output().strip().equals("0"), "needs root for the namespaces (run by scripts/run-tests.sh as root)");
        for (String daemon : List.of("/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/slurmrestd", "/usr/sbin/munged", "/usr/sbin/sshd")) {
            assumeTrue(Files.isExecutable(Path.of(daemon)), daemon + " is not installed (scripts/dev-cluster.sh up installs the packages)");
        }
        for (String user : List.of("hpcuser", "slurmrest", "munge")) {
            assumeTrue(DeployConfigsTest.run(Map.of(), "id", user).exitCode() == 0, "no user " + user + " (scripts/dev-cluster.sh up creates it)");
        }
        Optional<Path> server = Repo.builtJar("server-service");
        Optional<Path> simulator = Repo.builtJar("inference-simulator");
        assumeTrue(server.isPresent() && simulator.isPresent(), "server and simulator jars are not built");

        DeployConfigsTest.Run run = DeployConfigsTest.run(Map.of(), "timeout", "900", "bash",
                Repo.path("deploy-tests/src/test/resources/local-slurm-in-namespaces.sh").toString(), Repo.root().toString(),
                scratch.toString(), server.get().toString(), simulator.get().toString());

        Map<String, String> checks = new LinkedHashMap<>();
        for (String line : run.output().split("\n")) {
            if (line.startsWith("CHECK ")) {
                String[] parts = line.split(" ", 3);
                checks.put(parts[1], parts.length > 2 ? parts[2] : "");
            }
        }
        String logs = "\n" + run.output() + "\n--- local-slurm:\n" + read(scratch.resolve("local-slurm.log"))
                + "\n--- server:\n" + read(scratch.resolve("server.log"));
        assertThat(checks).as(logs)
                .containsEntry("health", "healthy")
                .containsEntry("key-mode", "600")
                .containsEntry("status", "RUNNING")
                .containsEntry("prompt", "{\"success\":true,\"completion_tokens\":8}")
                .containsEntry("logs", "200")
                .containsEntry("cancelled", "CANCELLED");
        assertThat(checks.get("endpoint")).as("the job's node address and port").as(logs).startsWith("http://slurm:");
        assertThat(checks.get("handed-out")).as(logs).contains("id_ed25519", "known_hosts", "jwt", "cluster.env");
        assertThat(checks.get("nodes")).as(logs).isEqualTo("[{\"name\":\"slurm\",\"address\":\"slurm\"}]");
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }
}
