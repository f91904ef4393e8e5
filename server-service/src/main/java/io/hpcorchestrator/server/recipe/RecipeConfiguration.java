package io.hpcorchestrator.server.recipe;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.render.BatchScriptRenderer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RecipeConfiguration {

    @Bean
    RecipeCatalog recipeCatalog(RecipesProperties properties) {
        return new RecipeCatalog(properties.root());
    }

    @Bean
    BatchScriptRenderer batchScriptRenderer(ClusterProperties cluster) {
        return new BatchScriptRenderer(cluster.renderDefaults());
    }
}
