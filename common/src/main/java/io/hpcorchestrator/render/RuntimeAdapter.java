package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.ContainerRuntime;
import java.util.List;

/**
 * How one container runtime starts a service. Adapters write shell text only through
 * {@link ShellQuoting#quote(String)} or from names the validator has already restricted.
 */
interface RuntimeAdapter {

    /** Lines run before launch: passing variables into the container, checking or building the image. */
    void prepare(ScriptText script, Launch launch);

    /** The launch command as shell words. */
    List<String> launchWords(Launch launch);

    static RuntimeAdapter of(ContainerRuntime runtime) {
        return switch (runtime) {
            case APPTAINER -> new ApptainerAdapter("apptainer", "APPTAINERENV_");
            case SINGULARITY -> new ApptainerAdapter("singularity", "SINGULARITYENV_");
            case CHARLIECLOUD -> new CharliecloudAdapter();
            case NONE -> new BareMetalAdapter();
        };
    }
}
