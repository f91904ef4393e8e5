package io.hpcorchestrator.simulator;

import java.util.Locale;

/**
 * The simulator's settings. Each is a flag ({@code --ttft-ms 200} or {@code --ttft-ms=200}) and, as a
 * fallback, an environment variable named {@code SIMULATOR_} plus the flag in upper case
 * ({@code SIMULATOR_TTFT_MS}), so a batch script can configure it either way. Flags win.
 */
enum Option {
    HOST("0.0.0.0", "address to listen on"),
    PORT(null, "port to listen on; default $HPC_SERVICE_PORT when set, else 8000"),
    MODEL(SimulatorConfig.DEFAULT_MODEL, "served model name(s), comma-separated; the first one labels the metrics"),
    MAX_MODEL_LEN("2048", "context length in tokens (prompt + output)"),
    TTFT_MS("100", "time to first token in ms, counted from admission (queue wait comes on top)"),
    TTFT_JITTER_MS("0", "uniform jitter on the time to first token, ± ms"),
    ITL_MS("20", "inter-token latency in ms"),
    ITL_JITTER_MS("0", "uniform jitter on the inter-token latency, ± ms"),
    MAX_OUTPUT_LEN("256", "natural answer length: after this many tokens the simulated model stops (finish_reason stop), "
            + "unless max_tokens is smaller or ignore_eos is set; min_tokens raises it"),
    MAX_NUM_SEQS("256", "requests generating at once; more wait in a FIFO queue (vllm:num_requests_waiting)"),
    CHAT_TEMPLATE("true", "whether the model has a chat template; false makes /v1/chat/completions answer 400 as vLLM does"),
    SEED("0", "mixed into every request's seed; change it for different but still reproducible texts");

    private final String defaultValue;
    private final String help;

    Option(String defaultValue, String help) {
        this.defaultValue = defaultValue;
        this.help = help;
    }

    String flag() {
        return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String environmentVariable() {
        return "SIMULATOR_" + name();
    }

    String defaultValue() {
        return defaultValue;
    }

    String help() {
        return help;
    }
}
