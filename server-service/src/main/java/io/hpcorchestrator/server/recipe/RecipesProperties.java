package io.hpcorchestrator.server.recipe;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hpc.recipes.*}: where the server finds recipes, on its own filesystem. */
@ConfigurationProperties("hpc.recipes")
public record RecipesProperties(@DefaultValue("recipes") Path root) {
}
