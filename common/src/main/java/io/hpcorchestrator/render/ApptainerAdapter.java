package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Apptainer and Singularity: {@code run} the image's runscript, or {@code exec} the recipe's command.
 *
 * <p>Variables reach the container as {@code APPTAINERENV_NAME} (or {@code SINGULARITYENV_NAME}) rather than
 * through {@code --env}: that flag splits its value on commas and quotes, while the prefixed variables carry
 * any text unchanged and also win over the image's own {@code %environment}.
 *
 * <p>When the recipe has a definition and the image is missing, the job builds it first and reports the
 * BUILDING phase. The definition travels inside the script as base64, so no file has to be copied to the
 * cluster and no line of it can be read as a directive; builds of the same image by concurrent jobs are
 * serialised with {@code flock} and the image appears atomically.
 */
final class ApptainerAdapter implements RuntimeAdapter {

    private final String binary;
    private final String environmentPrefix;

    ApptainerAdapter(String binary, String environmentPrefix) {
        this.binary = binary;
        this.environmentPrefix = environmentPrefix;
    }

    @Override
    public void prepare(ScriptText script, Launch launch) {
        script.line("# " + environmentPrefix + "* variables reach the container unchanged and override the image's %environment.");
        for (String name : launch.variables()) {
            script.line("export " + environmentPrefix + name + "=\"${" + name + "}\"");
        }
        if (launch.image().isEmpty() || !launch.image().get().equals(BatchScriptRenderer.IMAGE_VARIABLE)) {
            return;
        }
        script.blank();
        if (launch.definition().isPresent()) {
            String encoded = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(launch.definition().get().getBytes(StandardCharsets.UTF_8));
            script.line("if [ ! -e \"$HPC_IMAGE\" ]; then")
                    .line("  hpc_report phase=BUILDING")
                    .line("  hpc_definition=$(mktemp)")
                    .line("  base64 -d > \"$hpc_definition\" <<'HPC_DEFINITION'")
                    .line(encoded)
                    .line("HPC_DEFINITION")
                    .line("  mkdir -p \"$(dirname \"$HPC_IMAGE\")\"")
                    .line("  (")
                    .line("    flock 9")
                    .line("    if [ ! -e \"$HPC_IMAGE\" ]; then")
                    .line("      " + binary + " build --fakeroot \"$HPC_IMAGE.$SLURM_JOB_ID.partial\" \"$hpc_definition\"")
                    .line("      mv -f \"$HPC_IMAGE.$SLURM_JOB_ID.partial\" \"$HPC_IMAGE\"")
                    .line("    fi")
                    .line("  ) 9>\"$HPC_IMAGE.lock\"")
                    .line("  rm -f \"$hpc_definition\"")
                    .line("fi");
        } else {
            BatchScriptRenderer.requireImage(script);
        }
    }

    @Override
    public List<String> launchWords(Launch launch) {
        List<String> words = new ArrayList<>();
        words.add(binary);
        words.add(launch.command().isEmpty() ? "run" : "exec");
        if (launch.wantsGpu()) {
            words.add("--nv");
        }
        for (Volume volume : launch.recipe().volumes()) {
            words.add("--bind");
            words.add(ShellQuoting.quote(volume.source() + ":" + volume.target() + (volume.readOnly() ? ":ro" : "")));
        }
        words.add(launch.image().orElseThrow());
        launch.command().forEach(argument -> words.add(ShellQuoting.quote(argument)));
        return words;
    }
}
