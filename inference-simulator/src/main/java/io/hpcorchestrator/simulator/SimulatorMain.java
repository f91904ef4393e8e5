package io.hpcorchestrator.simulator;

import java.io.IOException;

/** {@code java -jar inference-simulator.jar [--flag value]...}; {@code --help} lists the flags. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        if (CommandLine.wantsHelp(args)) {
            System.out.print(CommandLine.usage());
            return;
        }
        SimulatorConfig config;
        try {
            config = CommandLine.parse(args, System.getenv());
        } catch (CommandLine.UsageException e) {
            System.err.println("inference-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        InferenceSimulator simulator;
        try {
            simulator = InferenceSimulator.start(config);
        } catch (IOException e) {
            System.err.println("inference-simulator: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
        System.out.printf("inference-simulator: simulating vLLM's OpenAI API (no model, no GPU) on %s:%d%n"
                        + "  models %s, max-model-len %d, ttft %s, itl %s, max-output-len %d, max-num-seqs %d, chat template %s%n",
                config.host(), simulator.port(), config.models(), config.maxModelLen(), config.timeToFirstToken(),
                config.interTokenLatency(), config.maxOutputLen(), config.maxNumSeqs(), config.chatTemplate() ? "yes" : "no");
        System.out.flush();
    }
}
