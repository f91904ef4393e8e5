package io.hpcorchestrator.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"1ABC", "A-B", "A B", "A=B", "", "PATH;rm"})
    void environmentNamesMustBeShellVariableNames(String name) {
        assertThatThrownBy(() -> Command.of("true").withEnvironment(Map.of(name, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid environment variable name");
    }

    @Test
    void itsTextShowsVariableNamesButNeverTheirValuesOrStdin() {
        Command command = Command.of("sbatch", "--parsable").withStdin("#!/bin/bash\necho classified".getBytes())
                .withEnvironment(Map.of("HF_TOKEN", "hf_secret"));
        assertThat(command.toString()).contains("HF_TOKEN", "sbatch").doesNotContain("hf_secret", "classified");
    }

    @Test
    void aCommandNeedsAProgram() {
        assertThatThrownBy(() -> Command.of()).isInstanceOf(IllegalArgumentException.class);
    }
}
