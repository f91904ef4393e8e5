package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/suite.sh as a user runs it on a login node: start, status, logs, stop of the four services built by this
 * build, with the local transport, in a state folder of its own and on free ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteLauncherIT {

    @TempDir
    static Path home;
    private static final Map<String, String> ENV = new LinkedHashMap<>();
    private static int base;

    @BeforeAll
    static void settings() throws IOException {
        for (String service : Repo.SERVICES.keySet()) {
            assumeTrue(Repo.builtJar(service).isPresent(), service + " is not built: run mvn package first");
        }
        base = freeBase();
        ENV.put("HPC_SUITE_HOME", home.resolve("state").toString());
        ENV.put("HPC_SUITE_CONFIG", home.resolve("no-suite.env").toString());
        ENV.put("HPC_SUITE_PORT_BASE", String.valueOf(base));
        ENV.put("HPC_SUITE_START_TIMEOUT", "240");
        ENV.put("HPC_CLUSTER_TRANSPORT", "local");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (!ENV.isEmpty()) {
            suite("stop");
        }
    }

    static DeployConfigsTest.Run suite(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/suite.sh"));
        command.addAll(List.of(arguments));
        return DeployConfigsTest.run(ENV, command.toArray(String[]::new));
    }

    /** Four consecutive free ports base+1..base+4. */
    private static int freeBase() throws IOException {
        for (int candidate = 21000; candidate < 60000; candidate += 100) {
            boolean free = true;
            for (int i = 1; i <= 4 && free; i++) {
                try (ServerSocket socket = new ServerSocket(candidate + i, 1, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IllegalStateException("no four free ports");
    }

    private static long pid(String service) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("state/run/" + service + ".pid")).strip());
    }

    @Test
    @Order(1)
    void startBringsAllFourUpOnLoopbackWithTheShippedOptions() throws Exception {
        DeployConfigsTest.Run start = suite("start");

        assertThat(start.exitCode()).as(start.output()).isZero();
        for (String service : Repo.SERVICES.keySet()) {
            int port = base + Repo.SERVICES.get(service) - 8000;
            assertThat(start.output()).containsPattern(Pattern.quote(service) + " +UP after +[0-9.]+ s .*http://127\\.0\\.0\\.1:" + port);

            long pid = pid(service);
            String commandLine = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
            assertThat(commandLine)
                    .contains("@" + Repo.path("deploy/jvm/" + service + ".options"))
                    .contains("-XX:SharedArchiveFile=" + home.resolve("state/app/" + service + "/app.jsa"))
                    .contains("--server.port=" + port);
            assertThat(listeningAddresses(port)).as(service + " listens on loopback only").containsOnly("127.0.0.1");
        }
    }

    @Test
    @Order(2)
    void statusShowsEachRunningAndUp() throws Exception {
        DeployConfigsTest.Run status = suite("status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        for (String service : Repo.SERVICES.keySet()) {
            assertThat(status.output()).containsPattern(Pattern.quote(service) + " +running +" + pid(service) + " +\\d+ +UP +\\d+ MB");
        }
        assertThat(status.output()).contains("transport: local");
    }

    @Test
    @Order(3)
    void startAgainChangesNothingAndLogsShowTheOutput() throws Exception {
        long before = pid("server-service");
        DeployConfigsTest.Run again = suite("start", "server");
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("server-service already runs (pid " + before);
        assertThat(pid("server-service")).isEqualTo(before);

        DeployConfigsTest.Run logs = suite("logs", "-n", "200", "server");
        assertThat(logs.output()).contains("Started ServerApplication");
    }

    @Test
    @Order(4)
    void stopEndsEveryProcessAndStatusSaysSo() throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : Repo.SERVICES.keySet()) {
            pids.put(service, pid(service));
        }

        DeployConfigsTest.Run stop = suite("stop");

        assertThat(stop.exitCode()).as(stop.output()).isZero();
        // A zombie stays in /proc until its new parent reaps it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> pids.forEach((service, pid) ->
                assertThat(Path.of("/proc", String.valueOf(pid))).as(service + " process").doesNotExist()));
        pids.keySet().forEach(service -> assertThat(home.resolve("state/run/" + service + ".pid")).doesNotExist());
        DeployConfigsTest.Run status = suite("status");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).containsPattern("server-service +stopped");
    }

    /** Local addresses of the sockets listening on a port, from /proc/net/tcp and tcp6. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        Pattern row = Pattern.compile("^\\s*\\d+: ([0-9A-F]+):([0-9A-F]{4}) [0-9A-F]+:[0-9A-F]{4} 0A ");
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                Matcher m = row.matcher(line);
                if (m.find() && Integer.parseInt(m.group(2), 16) == port) {
                    addresses.add(address(m.group(1)));
                }
            }
        }
        return addresses;
    }

    private static String address(String hex) {
        if (hex.length() == 8) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        return hex.equals("00000000000000000000000000000000") ? "::" : hex.equals("0000000000000000FFFF00000100007F") ? "127.0.0.1" : hex;
    }
}
