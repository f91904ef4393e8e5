package io.hpcorchestrator.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recipes root of the server's integration tests. */
final class ItRecipes {

    private ItRecipes() {
    }

    /**
     * The shipped http-echo and vllm-simulator recipes and the test recipes in one fresh root: copies, because the catalog
     * refuses symlinks that lead out of its root.
     */
    static Path root() {
        try {
            Path root = Files.createTempDirectory("it-recipes");
            Path shipped = Path.of(System.getProperty("hpc.recipes.root", "../recipes"));
            Files.createDirectories(root.resolve("examples"));
            Files.copy(shipped.resolve("examples/http-echo.yaml"), root.resolve("examples/http-echo.yaml"));
            Files.createDirectories(root.resolve("inference"));
            Files.copy(shipped.resolve("inference/vllm-simulator.yaml"), root.resolve("inference/vllm-simulator.yaml"));
            Path tests = Path.of("src/test/resources/it-recipes/tests");
            Files.createDirectories(root.resolve("tests"));
            try (var files = Files.list(tests)) {
                for (Path file : files.toList()) {
                    Files.copy(file, root.resolve("tests").resolve(file.getFileName()));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
