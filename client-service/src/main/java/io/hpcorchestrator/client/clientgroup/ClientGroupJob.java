package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.Recipe;
import io.hpcorchestrator.recipe.RecipeLoader;
import io.hpcorchestrator.render.BatchScript;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.hpcorchestrator.slurm.JobSubmission;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client group's batch script, rendered by the project's one renderer from a recipe built here: bare metal, the
 * client jar in its command-line mode, the plan in an environment variable (so no file has to be written to the
 * cluster before the job starts; every value reaches the script through the renderer's quoting), and JVM options
 * through {@code JAVA_TOOL_OPTIONS}, which every JVM reads.
 */
final class ClientGroupJob {

    static final String COMMAND = """
            set -f
            if [ ! -r "$CLIENT_GROUP_JAR" ]; then
              echo "client group: no client jar at $CLIENT_GROUP_JAR (set hpc.client.groups.jar to the client-service jar as the nodes see it)" >&2
              exit 1
            fi
            printf '%s' "$BENCHMARK_PLAN" > "$BENCHMARK_PLAN_FILE"
            exec "$CLIENT_GROUP_JAVA" -jar "$CLIENT_GROUP_JAR" --run-benchmark "$BENCHMARK_PLAN_FILE" --output "$BENCHMARK_RECORDS_FILE"
            """;

    private ClientGroupJob() {
    }

    /**
     * @param node the service's node, when the group is to run beside it
     */
    static JobSubmission render(BatchScriptRenderer renderer, ClientProperties.Groups groups, String workDir, String jobName, String planJson,
            String recordsFile, String timeLimit, String node) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode tree = json.createObjectNode();
        tree.put("name", "hpc-client");
        tree.put("description", "client group: a benchmark run from the cluster");
        ObjectNode container = tree.putObject("container");
        container.put("runtime", "none");
        container.putArray("command").add("/bin/sh").add("-c").add(COMMAND);
        ObjectNode resources = tree.putObject("resources");
        resources.put("nodes", 1);
        resources.put("cpu", groups.cpus());
        resources.put("memory", groups.memory());
        resources.put("time_limit", timeLimit);
        ObjectNode environment = tree.putObject("environment");
        environment.put("CLIENT_GROUP_JAR", groups.jar());
        environment.put("CLIENT_GROUP_JAVA", groups.java());
        environment.put("JAVA_TOOL_OPTIONS", String.join(" ", groups.jvmOptions()));
        environment.put("BENCHMARK_PLAN", planJson);
        environment.put("BENCHMARK_PLAN_FILE", recordsFile.replaceAll("\\.records\\.json$", "") + ".plan.json");
        environment.put("BENCHMARK_RECORDS_FILE", recordsFile);
        if (node != null) {
            tree.putObject("slurm").putArray("extra_directives").add("--nodelist=" + node);
        }
        Recipe recipe = new RecipeLoader().load("client-group", tree, null);
        BatchScript script = renderer.render(new LoadedRecipe(null, recipe, Optional.empty()), jobName);
        return new JobSubmission(script.text(), jobName, workDir, Map.of());
    }
}
