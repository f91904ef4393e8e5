package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void withoutSettingsTheDefaultsApplyOnPort8000() throws Exception {
        SimulatorConfig config = CommandLine.parse(new String[0], Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.models()).containsExactly("simulator/tiny-chat");
        assertThat(config.maxModelLen()).isEqualTo(2048);
        assertThat(config.timeToFirstToken()).isEqualTo(Latency.fixed(100));
        assertThat(config.interTokenLatency()).isEqualTo(Latency.fixed(20));
        assertThat(config.maxOutputLen()).isEqualTo(256);
        assertThat(config.maxNumSeqs()).isEqualTo(256);
        assertThat(config.chatTemplate()).isTrue();
    }

    @Test
    void theJobsPortIsTheDefaultPort() throws Exception {
        assertThat(CommandLine.parse(new String[0], Map.of("HPC_SERVICE_PORT", "41234")).port()).isEqualTo(41234);
    }

    @Test
    void flagsWinOverEnvironmentVariablesWhichWinOverDefaults() throws Exception {
        SimulatorConfig config = CommandLine.parse(
                new String[] {"--port", "9001", "--ttft-ms=250", "--model", "a/b, c", "--chat-template", "false"},
                Map.of("HPC_SERVICE_PORT", "41234", "SIMULATOR_TTFT_MS", "999", "SIMULATOR_ITL_MS", "7",
                        "SIMULATOR_ITL_JITTER_MS", "2", "SIMULATOR_MAX_NUM_SEQS", "3", "SIMULATOR_MAX_OUTPUT_LEN", "64"));

        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.timeToFirstToken()).isEqualTo(Latency.fixed(250));
        assertThat(config.interTokenLatency()).isEqualTo(new Latency(7, 2));
        assertThat(config.models()).isEqualTo(List.of("a/b", "c"));
        assertThat(config.maxNumSeqs()).isEqualTo(3);
        assertThat(config.maxOutputLen()).isEqualTo(64);
        assertThat(config.chatTemplate()).isFalse();
    }

    @Test
    void mistakesAreReportedByFlag() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--speed", "9"}, Map.of()))
                .hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--itl-ms", "fast"}, Map.of()))
                .hasMessageContaining("--itl-ms must be a whole number");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--max-num-seqs", "0"}, Map.of()))
                .hasMessageContaining("--max-num-seqs");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--chat-template", "maybe"}, Map.of()))
                .hasMessageContaining("true or false");
    }

    @Test
    void theUsageNamesEveryFlagAndItsEnvironmentVariable() {
        String usage = CommandLine.usage();

        for (Option option : Option.values()) {
            assertThat(usage).contains(option.flag()).contains(option.environmentVariable());
        }
    }
}
