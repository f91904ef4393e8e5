package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything the build's tests logged so far (this module builds last) holds none of the secrets they used: the
 * API tokens, the dev clusters' SLURM JWTs, SSH private keys, and the recipe secrets the ITs hand to jobs (all of
 * which start with {@link #SECRET_MARK}). The services must mask or leave out each of them.
 */
class LoggedSecretsTest {

    /** The beginning of every recipe secret value the ITs use (the rest is random). */
    static final String SECRET_MARK = "s3cr3t-'$(id)'-";
    private static final long MAX_FILE = 200L * 1024 * 1024;

    @Test
    void noTestLogHoldsASecretValue() throws IOException {
        List<Path> logs = logs();
        assumeTrue(!logs.isEmpty(), "no test output yet: run the other modules' tests first (mvn verify from the root)");
        Map<String, String> secrets = secrets();

        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            secrets.forEach((name, value) -> {
                if (text.contains(value)) {
                    leaks.add(Repo.root().relativize(log) + " holds " + name);
                }
            });
        }
        assertThat(leaks).as("secrets in %d test logs", logs.size()).isEmpty();
    }

    private static Map<String, String> secrets() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the test token of alice", TestTokens.ALICE);
        secrets.put("the test token of bob", TestTokens.BOB);
        secrets.put("the admin test token", TestTokens.ADMIN);
        secrets.put("the scrape test token", TestTokens.SCRAPE);
        secrets.put("the service test token", TestTokens.SERVICE);
        secrets.put("a recipe secret", SECRET_MARK);
        secrets.put("an SSH private key", "PRIVATE KEY-----");
        for (String cluster : List.of("/var/lib/hpc-dev-cluster/cluster.env", "/var/lib/hpc-dev-cluster-24/cluster.env")) {
            Path env = Path.of(cluster);
            if (Files.isReadable(env)) {
                for (String line : Files.readAllLines(env)) {
                    if (line.startsWith("SLURM_JWT=") && line.length() > 40) {
                        String jwt = line.substring("SLURM_JWT=".length()).strip();
                        secrets.put("the SLURM JWT of " + cluster, jwt);
                        // The signature alone identifies it too (a log may cut the header off).
                        secrets.put("the SLURM JWT signature of " + cluster, jwt.substring(jwt.lastIndexOf('.') + 1));
                    }
                }
            }
        }
        return secrets;
    }

    /** The test output of every module (surefire and failsafe reports, with the output redirected there) and log files. */
    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Repo.root())) {
            for (Path target : modules.map(module -> module.resolve("target")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(target, 4)) {
                    files.filter(Files::isRegularFile)
                            .filter(file -> file.getFileName().toString().endsWith("-output.txt") || file.getFileName().toString().endsWith(".log"))
                            .filter(file -> size(file) < MAX_FILE)
                            .forEach(logs::add);
                }
            }
        }
        return logs;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
