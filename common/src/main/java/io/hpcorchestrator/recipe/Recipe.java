package io.hpcorchestrator.recipe;

import java.util.List;
import java.util.Map;

/**
 * A service description as users write it. Instances come from {@link RecipeLoader}, which validates
 * them; a {@code Recipe} built by hand is not checked.
 *
 * @param name        short name, also the prefix of the SLURM job name
 * @param description free text for people, never rendered into a script
 * @param environment variables exported to the service, values passed byte for byte
 * @param secrets     names of variables whose values come from the submission environment
 * @param ports       the service's ports, or {@code auto} for one port picked by the job
 * @param modules     environment modules loaded before the service starts
 * @param metrics     the service's metrics path and the GPU metrics sidecar; null when the service has none
 */
public record Recipe(
        String name,
        String description,
        Container container,
        Resources resources,
        Map<String, String> environment,
        List<String> secrets,
        Ports ports,
        Health health,
        List<Volume> volumes,
        SlurmOptions slurm,
        List<String> modules,
        Metrics metrics) {

    public Recipe {
        description = description == null ? "" : description;
        container = container == null ? Container.NONE : container;
        resources = resources == null ? Resources.DEFAULT : resources;
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        ports = ports == null ? Ports.NONE : ports;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        slurm = slurm == null ? SlurmOptions.NONE : slurm;
        modules = modules == null ? List.of() : List.copyOf(modules);
    }
}
