package io.hpcorchestrator.server.recipe;

import io.hpcorchestrator.render.BatchScript;

/** The script a deployment would submit, and where its job would write. */
record RenderResponse(String recipeName, String jobName, String runtime, boolean buildsImage, String workDir,
        String stdoutPath, String stderrPath, String script) {

    static RenderResponse of(String recipeName, BatchScript script) {
        return new RenderResponse(recipeName, script.jobName(), script.runtime().id(), script.buildsImage(), script.workDir(),
                script.stdoutPath(), script.stderrPath(), script.text());
    }
}
