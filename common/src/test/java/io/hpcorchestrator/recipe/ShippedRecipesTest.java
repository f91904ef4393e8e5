package io.hpcorchestrator.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The recipes the project ships, read from the real recipes folder. */
class ShippedRecipesTest {

    static final List<String> EXPECTED = List.of("examples/http-echo", "inference/vllm", "inference/vllm-simulator",
            "storage/minio", "storage/postgres", "vector-db/chroma", "vector-db/faiss", "vector-db/qdrant");

    static Path root() {
        String configured = System.getProperty("hpc.recipes.root");
        Path root = configured == null || configured.isBlank() ? Path.of("../recipes") : Path.of(configured);
        assertThat(root).as("recipes root (system property hpc.recipes.root)").isDirectory();
        return root;
    }

    static RecipeCatalog catalog() {
        return new RecipeCatalog(root());
    }

    static Stream<String> shipped() {
        return EXPECTED.stream();
    }

    @Test
    void theCatalogListsExactlyTheShippedRecipes() {
        assertThat(catalog().list()).extracting(RecipeRef::id).containsExactlyElementsOf(EXPECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void loadsCleanlyWithEverythingADeploymentNeeds(String id) {
        LoadedRecipe loaded = catalog().load(id);
        Recipe recipe = loaded.recipe();

        assertThat(recipe.name()).isEqualTo(loaded.ref().name());
        assertThat(recipe.description()).isNotBlank();
        assertThat(recipe.container().command()).as("an explicit command, for runtimes without a runscript").isNotEmpty();
        assertThat(recipe.ports().isEmpty()).isFalse();
        assertThat(recipe.health()).isNotNull();
        assertThat(recipe.health().path()).startsWith("/");
        assertThat(recipe.container().image()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void leavesClusterSpecificSettingsToTheClusterDefaults(String id) {
        Recipe recipe = catalog().load(id).recipe();

        assertThat(recipe.container().runtime()).as("runtime").isNull();
        assertThat(recipe.slurm().account()).as("account").isNull();
        assertThat(recipe.slurm().qos()).as("qos").isNull();
        assertThat(recipe.modules()).as("modules").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void isDocumentedByCommentsAtTheTop(String id) throws IOException {
        String text = Files.readString(root().resolve(id + ".yaml"));

        assertThat(text).startsWith("# ");
        assertThat(text.substring(0, text.indexOf("\nname:")))
                .as("the header says what runs, its ports, its health path and how to override it")
                .contains("Ports").contains("Health").contains("Defaults").contains("config");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void listensOnThePortTheJobHandsIt(String id) {
        Recipe recipe = catalog().load(id).recipe();

        assertThat(String.join(" ", recipe.container().command())).contains("$HPC_SERVICE_PORT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shellCommandsAreValidShell(String id) throws Exception {
        List<String> command = catalog().load(id).recipe().container().command();
        assumeThat(command.subList(0, 2)).isEqualTo(List.of("/bin/sh", "-c"));

        Process check = new ProcessBuilder("/bin/sh", "-n", "-c", command.get(2)).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shellCommandsPassShellcheck(String id, @TempDir Path dir) throws Exception {
        assumeThat(Stream.of("/usr/bin/shellcheck", "/usr/local/bin/shellcheck").anyMatch(p -> Files.isExecutable(Path.of(p))))
                .as("shellcheck installed").isTrue();
        List<String> command = catalog().load(id).recipe().container().command();
        assumeThat(command.subList(0, 2)).isEqualTo(List.of("/bin/sh", "-c"));
        Path script = Files.writeString(dir.resolve("command.sh"), "#!/bin/sh\n" + command.get(2));

        Process check = new ProcessBuilder("shellcheck", "-s", "sh", script.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void definitionsAreApptainerDefinitionsBuiltIntoSifImages() {
        for (String id : EXPECTED) {
            LoadedRecipe loaded = catalog().load(id);
            if (loaded.recipe().container().definition() == null) {
                assertThat(loaded.definition()).isEmpty();
                continue;
            }
            assertThat(loaded.recipe().container().image()).as(id).endsWith(".sif");
            assertThat(loaded.definition()).as(id).hasValueSatisfying(definition -> assertThat(definition)
                    .startsWith("Bootstrap: docker\nFrom: ")
                    .doesNotContain(":latest")
                    .contains("\n%labels\n", "\n%help\n", "\n%environment\n", "\n%runscript\n"));
        }
        assertThat(catalog().load("inference/vllm").definition()).hasValueSatisfying(
                definition -> assertThat(definition).containsPattern("(?m)^From: vllm/vllm-openai:v\\d+\\.\\d+\\.\\d+$"));
    }

    @Test
    void imagesPulledFromRegistriesArePinned() {
        for (String id : EXPECTED) {
            String image = catalog().load(id).recipe().container().image();
            if (image.startsWith("docker://")) {
                assertThat(image).as(id).containsPattern(":[A-Za-z0-9][A-Za-z0-9._-]*$").doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void vllmHasTheDocumentedDefaults() {
        Recipe vllm = catalog().load("inference/vllm").recipe();

        assertThat(vllm.container().definition()).isEqualTo("vllm.def");
        assertThat(vllm.container().image()).isEqualTo("vllm.sif");
        assertThat(vllm.resources().gpu()).isEqualTo(1);
        assertThat(vllm.resources().cpu()).isEqualTo(8);
        assertThat(vllm.resources().memory()).isEqualTo("32G");
        assertThat(TimeLimit.parse(vllm.resources().timeLimit())).map(TimeLimit::toSlurm).contains("01:00:00");
        assertThat(vllm.environment())
                .containsEntry("VLLM_MODEL", "Qwen/Qwen2.5-0.5B-Instruct")
                .containsEntry("VLLM_MAX_MODEL_LEN", "2048")
                .containsEntry("VLLM_GPU_MEMORY_UTILIZATION", "0.9");
        assertThat(vllm.secrets()).containsExactly("HF_TOKEN");
        assertThat(vllm.ports()).isEqualTo(Ports.of(8000));
        assertThat(vllm.health()).isEqualTo(new Health("/health", 60, 5));
        assertThat(vllm.slurm().partition()).isEqualTo("gpu");
    }

    @Test
    void serviceCredentialsAreSecretsNotEnvironment() {
        assertThat(catalog().load("storage/postgres").recipe().secrets()).containsExactly("POSTGRES_PASSWORD");
        Recipe minio = catalog().load("storage/minio").recipe();
        assertThat(minio.secrets()).containsExactly("MINIO_ROOT_PASSWORD");
        assertThat(minio.environment()).containsKey("MINIO_ROOT_USER");
        for (String id : EXPECTED) {
            assertThat(catalog().load(id).recipe().environment().keySet()).as(id)
                    .noneMatch(name -> name.contains("PASSWORD") || name.contains("TOKEN") || name.endsWith("_KEY"));
        }
    }

    @Test
    void theDocumentedPortsAndHealthPaths() {
        Map<String, Object[]> expected = Map.of(
                "examples/http-echo", new Object[] {Ports.AUTO, "/health"},
                "inference/vllm", new Object[] {Ports.of(8000), "/health"},
                "storage/minio", new Object[] {Ports.of(9000, 9001), "/minio/health/live"},
                "storage/postgres", new Object[] {Ports.of(8008, 5432), "/health"},
                "vector-db/chroma", new Object[] {Ports.of(8000), "/api/v2/heartbeat"},
                "vector-db/faiss", new Object[] {Ports.AUTO, "/health"},
                "vector-db/qdrant", new Object[] {Ports.of(6333, 6334), "/readyz"});
        expected.forEach((id, portsAndPath) -> {
            Recipe recipe = catalog().load(id).recipe();
            assertThat(recipe.ports()).as(id).isEqualTo(portsAndPath[0]);
            assertThat(recipe.health().path()).as(id).isEqualTo(portsAndPath[1]);
        });
    }

    @Test
    void theModelCanBeChangedAtDeployTime() {
        Recipe recipe = catalog().load("inference/vllm", RecipeTestSupport.json("""
                {"environment": {"VLLM_MODEL": "gpt2"}, "resources": {"gpu": "1", "memory": "32G"}}""")).recipe();

        assertThat(recipe.environment()).containsEntry("VLLM_MODEL", "gpt2");
    }

    /**
     * Runs the demo recipe's command the way the bare-metal runtime would, with busybox from the PATH, and
     * fetches its pages: the recipe that tests and demos rely on must really serve.
     */
    @Test
    void httpEchoServesItsTextAndHealthOnTheGivenPort(@TempDir Path tmp) throws Exception {
        assumeThat(Stream.of("/bin/busybox", "/usr/bin/busybox").anyMatch(p -> Files.isExecutable(Path.of(p))))
                .as("busybox installed").isTrue();
        List<String> command = catalog().load("examples/http-echo").recipe().container().command();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.log").toFile());
        builder.environment().put("HPC_SERVICE_PORT", Integer.toString(port));
        builder.environment().put("ECHO_TEXT", "it's <working> $(id)");
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("SLURM_JOB_ID", "4242");
        Process server = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (health == null && System.nanoTime() < deadline && server.isAlive()) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as("answer from /health; log: %s", Files.readString(tmp.resolve("out.log"))).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");

            HttpResponse<String> index = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("it's <working> $(id)\n");
            assertThat(tmp.resolve("hpc-http-echo-4242/health")).hasContent("ok");
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
