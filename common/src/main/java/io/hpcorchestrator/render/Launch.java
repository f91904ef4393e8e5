package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.Recipe;
import java.util.List;
import java.util.Optional;

/**
 * What a runtime adapter needs to start the service.
 *
 * @param recipe     the validated, merged recipe
 * @param image      the image as the script should name it (a quoted word or {@code "$HPC_IMAGE"}), empty for bare metal
 * @param variables  names of the variables the service must see (environment, secrets, the suite's own)
 * @param definition the Apptainer definition text, when the recipe has one
 */
record Launch(Recipe recipe, Optional<String> image, List<String> variables, Optional<String> definition) {

    boolean wantsGpu() {
        return recipe.resources().gpu() > 0;
    }

    List<String> command() {
        return recipe.container().command();
    }
}
