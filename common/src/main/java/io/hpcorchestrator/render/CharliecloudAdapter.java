package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * Charliecloud: {@code ch-run} on a directory or SquashFS image. It passes the job's environment through,
 * so exported variables need nothing more. It has no runscript and cannot build Apptainer definitions; the
 * renderer requires a command and the script fails early with a clear message when the image is missing.
 * Bind mounts are made as {@code -b source:target}; Charliecloud keeps the image itself read-only.
 */
final class CharliecloudAdapter implements RuntimeAdapter {

    @Override
    public void prepare(ScriptText script, Launch launch) {
        script.line("# ch-run passes the job's environment into the container as it is. It refuses to start")
                .line("# without USER, which a job does not inherit when it was submitted without one.")
                .line("USER=\"${USER:-$(id -un)}\"")
                .line("export USER");
        if (launch.image().isPresent() && launch.image().get().equals(BatchScriptRenderer.IMAGE_VARIABLE)) {
            BatchScriptRenderer.requireImage(script);
        }
    }

    @Override
    public List<String> launchWords(Launch launch) {
        List<String> words = new ArrayList<>();
        words.add("ch-run");
        for (Volume volume : launch.recipe().volumes()) {
            words.add("-b");
            words.add(ShellQuoting.quote(volume.source() + ":" + volume.target()));
        }
        words.add(launch.image().orElseThrow());
        words.add("--");
        launch.command().forEach(argument -> words.add(ShellQuoting.quote(argument)));
        return words;
    }
}
