package io.hpcorchestrator.render;

import java.util.List;

/** A script being written, line by line. */
final class ScriptText {

    private final StringBuilder text = new StringBuilder();

    ScriptText line(String line) {
        text.append(line).append('\n');
        return this;
    }

    ScriptText blank() {
        return line("");
    }

    ScriptText words(List<String> words) {
        return line(String.join(" ", words));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
