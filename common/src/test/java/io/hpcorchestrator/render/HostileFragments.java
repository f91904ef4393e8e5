package io.hpcorchestrator.render;

import java.util.List;

/**
 * Shell and sbatch metacharacters, control characters and unicode that a value in a recipe or an override may
 * hold: rendered and run by {@link HostileValuesPropertyTest}, and sent through the server's real API by its
 * integration tests. No test library needed, so any module's tests can use them.
 */
public final class HostileFragments {

    public static final List<String> FRAGMENTS = List.of(
            "'", "\"", "\\", "'\\''", "$(id)", "`id`", "${HOME}", "$HOME", "$((1+1))", "$'\\n'", "!", "!!", "*", "?",
            "[a]", "~", "#", ";", "&&", "|", ">", "<", "&", "(", ")", "{", "}", " ", "\t", "\n", "\r", "\n#SBATCH --wrap=id\n",
            "#SBATCH --uid=0", "HPC_DEFINITION", "EOF", "\u0001", "\u001b[31m", "\u007f", "\u00e9", "\u00a0", "\u0085",
            "\u2028", "\ufeff", "\ud83d\ude00", "\u4e2d\u6587", "\ud800\udc00", "=", "%", "%x", "%j", "-", "--", "-e");

    private HostileFragments() {
    }
}
