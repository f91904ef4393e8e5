package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputPathsTest {

    @Test
    void expandsTheCommonPatternsAndLeavesOthers() {
        assertThat(OutputPaths.expand("/w/%x-%j-%u-%N.out", 42, "svc", "alice", "mel2106")).isEqualTo("/w/svc-42-alice-mel2106.out");
        assertThat(OutputPaths.expand("/w/%5j_%A.log", 42, "svc", "alice", "n1")).isEqualTo("/w/00042_42.log");
        assertThat(OutputPaths.expand("/w/100%%-%a-%t.out", 42, "svc", "alice", "n1")).isEqualTo("/w/100%-%a-%t.out");
        assertThat(OutputPaths.expand("/w/end%", 42, "svc", "alice", "n1")).isEqualTo("/w/end%");
    }

    @Test
    void resolvesRelativePathsAgainstTheWorkingDirectory() {
        assertThat(OutputPaths.resolve("slurm-%j.out", 7, "n", "u", null, "/work")).isEqualTo("/work/slurm-7.out");
        assertThat(OutputPaths.resolve("/abs/%j.out", 7, "n", "u", null, "/work")).isEqualTo("/abs/7.out");
    }
}
