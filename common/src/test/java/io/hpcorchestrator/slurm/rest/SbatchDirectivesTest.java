package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.slurm.JobSubmission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SbatchDirectivesTest {

    private static JobRequest request(String script) {
        return SbatchDirectives.toRequest(new JobSubmission(script, "from-submission", "/work", Map.of()), Map.of());
    }

    @Test
    void readsWhatTheRendererWrites() {
        JobRequest r = request("""
                #!/bin/bash
                #SBATCH --job-name=vllm-1
                #SBATCH --nodes=1
                #SBATCH --ntasks-per-node=1
                #SBATCH --cpus-per-task=8
                #SBATCH --mem=32G
                #SBATCH --gres=gpu:a100:1
                #SBATCH --time=01:00:00
                #SBATCH --partition=gpu
                #SBATCH --qos=default
                #SBATCH --account=p200981
                #SBATCH --constraint=a100&ib
                #SBATCH --chdir=/elsewhere
                #SBATCH --output=/work/vllm-%j.out
                #SBATCH --error=/work/vllm-%j.err
                set -euo pipefail
                """);
        assertThat(r.name()).as("the submission's name wins, as sbatch -J would").isEqualTo("from-submission");
        assertThat(r.workDir()).isEqualTo("/work");
        assertThat(r.minNodes()).isEqualTo(1);
        assertThat(r.maxNodes()).isEqualTo(1);
        assertThat(r.tasksPerNode()).isEqualTo(1);
        assertThat(r.cpusPerTask()).isEqualTo(8);
        assertThat(r.memoryPerNodeMb()).isEqualTo(32 * 1024);
        assertThat(r.gres()).isEqualTo("gpu:a100:1");
        assertThat(r.timeLimitMinutes()).isEqualTo(60);
        assertThat(r.partition()).isEqualTo("gpu");
        assertThat(r.qos()).isEqualTo("default");
        assertThat(r.account()).isEqualTo("p200981");
        assertThat(r.constraint()).isEqualTo("a100&ib");
        assertThat(r.stdout()).isEqualTo("/work/vllm-%j.out");
        assertThat(r.stderr()).isEqualTo("/work/vllm-%j.err");
    }

    @Test
    void acceptsShortOptionsSeparateValuesQuotesAndTrailingComments() {
        JobRequest r = request("#!/bin/sh\n#SBATCH -p debug -N 2 -c4\n#SBATCH --comment \"two words\" # why\n"
                + "#SBATCH -t 5 --exclusive\ntrue\n");
        assertThat(r.partition()).isEqualTo("debug");
        assertThat(r.minNodes()).isEqualTo(2);
        assertThat(r.cpusPerTask()).isEqualTo(4);
        assertThat(r.comment()).isEqualTo("two words");
        assertThat(r.timeLimitMinutes()).isEqualTo(5);
        assertThat(r.exclusive()).isTrue();
    }

    @Test
    void stopsAtTheFirstCommandAsSbatchDoes() {
        JobRequest r = request("#!/bin/bash\n# a comment\n\n#SBATCH --partition=first\necho hi\n#SBATCH --partition=ignored\n");
        assertThat(r.partition()).isEqualTo("first");
    }

    @Test
    void refusesWhatItCannotTranslateInsteadOfDroppingIt() {
        assertThatThrownBy(() -> request("#!/bin/bash\n#SBATCH --array=1-4\ntrue\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--array");
        assertThatThrownBy(() -> request("#!/bin/bash\n#SBATCH --mem=lots\ntrue\n")).hasMessageContaining("--mem=lots");
        assertThatThrownBy(() -> request("#!/bin/bash\n#SBATCH --time=soon\ntrue\n")).hasMessageContaining("--time=soon");
        assertThatThrownBy(() -> request("#!/bin/bash\n#SBATCH --comment \"open\ntrue\n")).hasMessageContaining("quote");
    }

    @ParameterizedTest
    @CsvSource({"5,5", "5:30,6", "01:00:00,60", "1-0,1440", "1-02:03,1563", "2-00:00:01,2881", "UNLIMITED,-1"})
    void convertsTimesToWholeMinutesRoundingUp(String time, int minutes) {
        assertThat(request("#!/bin/bash\n#SBATCH --time=" + time + "\ntrue\n").timeLimitMinutes()).isEqualTo(minutes);
    }

    @ParameterizedTest
    @CsvSource({"64,64", "64M,64", "2G,2048", "512K,1", "1T,1048576", "100MB,100"})
    void convertsMemoryToMegabytes(String size, long megabytes) {
        assertThat(request("#!/bin/bash\n#SBATCH --mem-per-cpu=" + size + "\ntrue\n").memoryPerCpuMb()).isEqualTo(megabytes);
    }

    @Test
    void theSubmissionEnvironmentGoesOverTheBaseAndKeepsItsOrder() {
        JobRequest r = SbatchDirectives.toRequest(new JobSubmission("#!/bin/bash\ntrue\n", "n", "/w", Map.of("PATH", "/opt/bin")),
                new java.util.LinkedHashMap<>(Map.of("PATH", "/bin")));
        assertThat(r.environment()).containsExactly(Map.entry("PATH", "/opt/bin"));
        assertThat(r.toString()).doesNotContain("/opt/bin");
        assertThatThrownBy(() -> SbatchDirectives.toRequest(
                new JobSubmission("#!/bin/bash\ntrue\n", "n", "/w", Map.of("A=B", "x")), Map.of()))
                .hasMessageContaining("'A=B'");
    }
}
