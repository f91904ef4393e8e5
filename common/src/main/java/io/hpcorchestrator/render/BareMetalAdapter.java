package io.hpcorchestrator.render;

import java.util.List;

/**
 * Runtime {@code none}: the command runs directly on the node with the exported environment. There is no
 * image and nothing to mount; recipe volumes are reported in a comment and otherwise ignored, because the
 * process already sees the node's filesystem.
 */
final class BareMetalAdapter implements RuntimeAdapter {

    @Override
    public void prepare(ScriptText script, Launch launch) {
        script.line("# Bare metal: the command runs on the node itself with the variables exported above.");
        if (!launch.recipe().volumes().isEmpty()) {
            script.line("# Volumes are not mounted on bare metal; the command sees the node's own paths.");
        }
    }

    @Override
    public List<String> launchWords(Launch launch) {
        return launch.command().stream().map(ShellQuoting::quote).toList();
    }
}
