package io.hpcorchestrator.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The container runtimes a recipe can run on. */
public enum ContainerRuntime {
    /** Apptainer ({@code apptainer run|exec}); builds images from definitions. */
    APPTAINER,
    /** SingularityCE or legacy Singularity; same verbs as Apptainer. */
    SINGULARITY,
    /** Charliecloud ({@code ch-run}) on a directory or SquashFS image; cannot build definitions. */
    CHARLIECLOUD,
    /** Bare metal: the command runs directly on the node. */
    NONE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContainerRuntime fromId(String id) {
        return Arrays.stream(values())
                .filter(runtime -> runtime.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown runtime '" + id + "', expected one of " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(ContainerRuntime::id).collect(Collectors.joining(", "));
    }

    public boolean usesImage() {
        return this != NONE;
    }

    public boolean buildsDefinitions() {
        return this == APPTAINER || this == SINGULARITY;
    }
}
