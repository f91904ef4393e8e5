package io.hpcorchestrator.simulator;

import java.util.List;

/**
 * How the simulator behaves; {@link CommandLine} builds it from flags and environment variables.
 *
 * @param host              address to listen on
 * @param port              port to listen on; 0 picks a free one
 * @param models            served model names; the first one labels the metrics, as vLLM's first served name does
 * @param maxModelLen       context length: prompt plus output tokens may not exceed it
 * @param timeToFirstToken  delay from admission (leaving the waiting queue) to the first token
 * @param interTokenLatency delay between consecutive tokens
 * @param maxOutputLen      the length after which the simulated model "emits EOS" (finish reason {@code stop}),
 *                          unless the request asks for fewer tokens or sets {@code ignore_eos}
 * @param maxNumSeqs        requests generating at once; later ones wait in FIFO order
 * @param chatTemplate      whether the model has a chat template; without one {@code /v1/chat/completions}
 *                          answers 400, as vLLM does
 * @param seed              mixed into every request's seed, to get a different but still reproducible text
 */
public record SimulatorConfig(
        String host,
        int port,
        List<String> models,
        int maxModelLen,
        Latency timeToFirstToken,
        Latency interTokenLatency,
        int maxOutputLen,
        int maxNumSeqs,
        boolean chatTemplate,
        long seed) {

    public static final String DEFAULT_MODEL = "simulator/tiny-chat";

    public SimulatorConfig {
        models = List.copyOf(models);
        if (models.isEmpty() || models.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one non-blank model name is needed: " + models);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxModelLen < 1 || maxOutputLen < 1 || maxNumSeqs < 1) {
            throw new IllegalArgumentException("max-model-len, max-output-len and max-num-seqs must be at least 1");
        }
    }

    /** The defaults of the command line, on a free port: a starting point for tests. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, List.of(DEFAULT_MODEL), 2048, Latency.fixed(100), Latency.fixed(20),
                256, 256, true, 0);
    }

    public String metricsModelName() {
        return models.get(0);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, models, maxModelLen, timeToFirstToken, interTokenLatency,
                maxOutputLen, maxNumSeqs, chatTemplate, seed);
    }

    public SimulatorConfig withModels(List<String> newModels) {
        return new SimulatorConfig(host, port, newModels, maxModelLen, timeToFirstToken, interTokenLatency,
                maxOutputLen, maxNumSeqs, chatTemplate, seed);
    }

    public SimulatorConfig withTiming(Latency ttft, Latency itl) {
        return new SimulatorConfig(host, port, models, maxModelLen, ttft, itl, maxOutputLen, maxNumSeqs,
                chatTemplate, seed);
    }

    public SimulatorConfig withMaxNumSeqs(int newMaxNumSeqs) {
        return new SimulatorConfig(host, port, models, maxModelLen, timeToFirstToken, interTokenLatency,
                maxOutputLen, newMaxNumSeqs, chatTemplate, seed);
    }

    public SimulatorConfig withMaxOutputLen(int newMaxOutputLen) {
        return new SimulatorConfig(host, port, models, maxModelLen, timeToFirstToken, interTokenLatency,
                newMaxOutputLen, maxNumSeqs, chatTemplate, seed);
    }

    public SimulatorConfig withMaxModelLen(int newMaxModelLen) {
        return new SimulatorConfig(host, port, models, newMaxModelLen, timeToFirstToken, interTokenLatency,
                maxOutputLen, maxNumSeqs, chatTemplate, seed);
    }

    public SimulatorConfig withChatTemplate(boolean newChatTemplate) {
        return new SimulatorConfig(host, port, models, maxModelLen, timeToFirstToken, interTokenLatency,
                maxOutputLen, maxNumSeqs, newChatTemplate, seed);
    }
}
