package io.hpcorchestrator.recipe;

/** A host path made visible inside the container. */
public record Volume(String source, String target, Boolean readOnly) {

    public Volume {
        target = target == null ? source : target;
        readOnly = readOnly != null && readOnly;
    }
}
