package io.hpcorchestrator.recipe;

import java.util.List;

/**
 * How the service's process is started.
 *
 * @param runtime    the container runtime; {@code null} means the cluster's default runtime
 * @param definition Apptainer definition file next to the recipe, built into {@code image} when it is missing
 * @param image      image path, relative to the cluster's images directory unless absolute, or a URI
 *                   such as {@code docker://...} that the runtime understands
 * @param command    argv run inside the container instead of the image's runscript
 */
public record Container(ContainerRuntime runtime, String definition, String image, List<String> command) {

    static final Container NONE = new Container(null, null, null, List.of());

    public Container {
        command = command == null ? List.of() : List.copyOf(command);
    }

    public Container withRuntime(ContainerRuntime newRuntime) {
        return new Container(newRuntime, definition, image, command);
    }
}
