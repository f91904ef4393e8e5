package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.render.HostileFragments;
import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rendering property test's hostile values, sent through the real API to jobs on the real cluster: each value
 * carries an attempt to run {@code touch <marker>} (command substitution, backticks, {@code ;}, newlines, a new
 * {@code #SBATCH} line, a closed quote, a heredoc end). The jobs run only the command the request wrote, which
 * reports every value it received, hex-encoded; the test then proves that each value arrived byte for byte and
 * that no marker was ever touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class HostileOverridesIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What each injection attempt wraps around {@code touch <marker>}. */
    private static final List<String> INJECTIONS = List.of("$(%s)", "`%s`", "; %s", "\n%s\n", "'; %s; '", "\"; %s; \"",
            "\n#SBATCH --wrap=\"%s\"\n", "$'\\n'%s", " && %s", " | %s", "\nEOF\n%s\nEOF\n", "\nHPC_DEFINITION\n%s\n",
            "${IFS}$(%s)", "'\"`%s`\"'", "\\\n%s");

    /** The command the user writes: it prints each variable V_n and each argument hex-encoded, then leaves its own marker. */
    private static final String REPORTER = """
            set -u
            hex() { printf '%%s' "$1" | od -An -v -tx1 | tr -d ' \\n'; }
            for name in %s; do eval "value=\\${$name-UNSET}"; printf 'env %%s %%s\\n' "$name" "$(hex "$value")"; done
            i=0; for a in "$@"; do printf 'arg %%s %%s\\n' "$i" "$(hex "$a")"; i=$((i+1)); done
            touch "$MARKERS/ran-$SLURM_JOB_ID"
            """;

    @LocalServerPort
    int port;

    private Path markers;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ItCluster.local(registry, CLUSTER);
    }

    @BeforeEach
    void markersDirectory() throws IOException {
        markers = Files.createDirectories(CLUSTER.workDir().resolve("hostile-markers-" + UUID.randomUUID()));
        markers.toFile().setWritable(true, false);
    }

    @AfterEach
    void removeMarkers() throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(markers);
    }

    private ServerApi api() {
        return new ServerApi("http://127.0.0.1:" + port, TestTokens.ALICE);
    }

    /** Every fragment of the property test once, each followed by an injection attempt with a marker of its own. */
    private List<String> everyFragmentWithAnInjection() {
        List<String> values = new ArrayList<>();
        List<String> fragments = HostileFragments.FRAGMENTS;
        for (int i = 0; i < fragments.size(); i++) {
            values.add(fragments.get(i) + injection(i, "f" + i));
        }
        return values;
    }

    /** Random pairs of fragments around every injection, and one long value of all of them. */
    private List<String> combinations() {
        Random random = new Random(42);
        List<String> fragments = HostileFragments.FRAGMENTS;
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            values.add(fragments.get(random.nextInt(fragments.size())) + injection(i, "c" + i) + fragments.get(random.nextInt(fragments.size())));
        }
        values.add(String.join("", fragments) + injection(3, "long") + String.join("", fragments));
        return values;
    }

    private String injection(int index, String name) {
        return INJECTIONS.get(index % INJECTIONS.size()).formatted("touch " + markers.resolve("injected-" + name));
    }

    @Test
    void hostileEnvironmentValuesAndArgumentsArriveLiterallyAndRunNothing() throws IOException {
        List<String> first = everyFragmentWithAnInjection();
        List<String> second = combinations();
        JsonNode one = deploy(first, first);
        JsonNode two = deploy(second, second);

        assertReceivedLiterally(one, first);
        assertReceivedLiterally(two, second);
        try (Stream<Path> files = Files.list(markers)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("marker files: only the two the commands wrote themselves")
                    .containsExactlyInAnyOrder("ran-" + one.get("job_id").asLong(), "ran-" + two.get("job_id").asLong());
        }
    }

    @Test
    void hostileValuesInFieldsThatAreNotFreeTextAreRefusedAndNothingIsSubmitted() {
        int before = api().expect(200, "GET", "/api/v1/services?limit=1000", null).size();
        String touch = "touch " + markers.resolve("injected-field");
        List<String> configs = List.of(
                "{\"slurm\": {\"partition\": " + quoted("debug;" + touch) + "}}",
                "{\"slurm\": {\"account\": " + quoted("$(" + touch + ")") + "}}",
                "{\"slurm\": {\"qos\": " + quoted("normal\n#SBATCH --wrap=" + touch) + "}}",
                "{\"slurm\": {\"extra_directives\": [" + quoted("--comment=`" + touch + "`") + "]}}",
                "{\"resources\": {\"memory\": " + quoted("1G\n" + touch) + "}}",
                "{\"resources\": {\"gpu_type\": " + quoted("a100'; " + touch + "; '") + "}}",
                "{\"environment\": {" + quoted("X=$(" + touch + ")") + ": \"v\"}}",
                "{\"container\": {\"runtime\": " + quoted("none; " + touch) + "}}");
        for (String config : configs) {
            JsonNode problem = api().expect(400, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/hostile-dump\", \"config\": " + config + "}");
            assertThat(problem.get("errors").findValuesAsString("field")).as(config).isNotEmpty()
                    .allSatisfy(field -> assertThat(field).startsWith("config."));
        }
        assertThat(api().expect(200, "GET", "/api/v1/services?limit=1000", null)).hasSize(before);
        assertThat(markers.resolve("injected-field")).doesNotExist();
    }

    private static String quoted(String text) {
        return JsonMapper.shared().writeValueAsString(text);
    }

    /** Deploys {@code tests/hostile-dump} with the values as V_0.. and as arguments, and waits until it has ended. */
    private JsonNode deploy(List<String> environment, List<String> arguments) {
        ObjectNode config = NODES.objectNode();
        ObjectNode variables = config.putObject("environment");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < environment.size(); i++) {
            variables.put("V_" + i, environment.get(i));
            names.add("V_" + i);
        }
        variables.put("MARKERS", markers.toString());
        ArrayNode command = config.putObject("container").putArray("command");
        command.add("/bin/sh").add("-c").add(REPORTER.formatted(String.join(" ", names))).add("reporter");
        arguments.forEach(command::add);
        ObjectNode request = NODES.objectNode().put("recipe_name", "tests/hostile-dump");
        request.set("config", config);

        String id = api().expect(201, "POST", "/api/v1/services", request.toString()).get("id").asString();
        JsonNode[] ended = new JsonNode[1];
        await("hostile-dump " + id + " completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ended[0] = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(ended[0].get("status").asString()).as("reason %s", ended[0].get("reason")).isEqualTo("COMPLETED");
        });
        return ended[0];
    }

    private static void assertReceivedLiterally(JsonNode service, List<String> values) {
        Path stdout = Path.of(service.get("stdout_path").asString());
        Map<String, String> received = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            received.clear();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ", 3);
                if (fields.length == 3 && (fields[0].equals("env") || fields[0].equals("arg"))) {
                    received.put(fields[0] + " " + fields[1], fields[2]);
                }
            }
            assertThat(received).hasSize(2 * values.size());
        });
        for (int i = 0; i < values.size(); i++) {
            String expected = HexFormat.of().formatHex(values.get(i).getBytes(StandardCharsets.UTF_8));
            assertThat(received.get("env V_" + i)).as("V_%d = %s", i, values.get(i)).isEqualTo(expected);
            assertThat(received.get("arg " + i)).as("argument %d = %s", i, values.get(i)).isEqualTo(expected);
        }
    }
}
