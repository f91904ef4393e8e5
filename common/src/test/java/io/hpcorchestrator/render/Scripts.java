package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.ContainerRuntime;
import java.nio.file.Path;
import java.util.List;

/** Fixtures shared by the rendering tests: the cluster settings golden files are rendered with, and recipe roots. */
final class Scripts {

    static final Path SHIPPED_RECIPES = Path.of(System.getProperty("hpc.recipes.root", "../recipes"));
    static final Path FEATURE_RECIPES = Path.of("src/test/resources/render/recipes");
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    private Scripts() {
    }

    /** A MeluXina-like project layout, so golden files read like the scripts users will see. */
    static ClusterDefaults meluxinaLike(ContainerRuntime runtime) {
        return new ClusterDefaults(runtime, "cpu", "p200000", "default",
                "/project/home/p200000/hpc-orchestrator/work",
                "/project/home/p200000/hpc-orchestrator/logs",
                "/project/home/p200000/containers",
                List.of());
    }
}
