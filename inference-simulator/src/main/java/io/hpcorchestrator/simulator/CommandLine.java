package io.hpcorchestrator.simulator;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns flags and environment variables into a {@link SimulatorConfig}; see {@link Option} for the rules. */
final class CommandLine {

    /** A command line that cannot be used; the message is meant for the person who typed it. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private CommandLine() {
    }

    static boolean wantsHelp(String[] args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    static SimulatorConfig parse(String[] args, Map<String, String> environment) throws UsageException {
        Map<Option, String> values = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            Option option = byFlag(name);
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            values.put(option, value);
        }
        try {
            return new SimulatorConfig(
                    text(Option.HOST, values, environment),
                    port(values, environment),
                    models(text(Option.MODEL, values, environment)),
                    positive(Option.MAX_MODEL_LEN, values, environment),
                    new Latency(nonNegative(Option.TTFT_MS, values, environment), nonNegative(Option.TTFT_JITTER_MS, values, environment)),
                    new Latency(nonNegative(Option.ITL_MS, values, environment), nonNegative(Option.ITL_JITTER_MS, values, environment)),
                    positive(Option.MAX_OUTPUT_LEN, values, environment),
                    positive(Option.MAX_NUM_SEQS, values, environment),
                    bool(Option.CHAT_TEMPLATE, values, environment),
                    number(Option.SEED, values, environment));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                inference-simulator: a simulator of vLLM's OpenAI-compatible server (no model, no GPU).
                Usage: java -jar inference-simulator.jar [--flag value]...

                """);
        for (Option option : Option.values()) {
            text.append(String.format("  %-22s %s%n  %-22s env %s, default %s%n", option.flag(), option.help(), "",
                    option.environmentVariable(), option.defaultValue() == null ? "(see above)" : option.defaultValue()));
        }
        return text.toString();
    }

    private static Option byFlag(String flag) throws UsageException {
        for (Option option : Option.values()) {
            if (option.flag().equals(flag)) {
                return option;
            }
        }
        throw new UsageException("unknown option " + flag + " (--help lists the options)");
    }

    private static String text(Option option, Map<Option, String> values, Map<String, String> environment) {
        String value = values.get(option);
        if (value == null) {
            value = environment.get(option.environmentVariable());
        }
        return value == null || value.isBlank() ? option.defaultValue() : value.trim();
    }

    private static int port(Map<Option, String> values, Map<String, String> environment) throws UsageException {
        String value = text(Option.PORT, values, environment);
        if (value == null) {
            value = environment.getOrDefault("HPC_SERVICE_PORT", "8000").trim();
        }
        int port = (int) parseLong(Option.PORT, value);
        if (port < 0 || port > 65535) {
            throw new UsageException(Option.PORT.flag() + ": " + value + " is not a port");
        }
        return port;
    }

    private static List<String> models(String value) throws UsageException {
        List<String> models = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (models.isEmpty()) {
            throw new UsageException(Option.MODEL.flag() + " needs at least one name");
        }
        return models;
    }

    private static long number(Option option, Map<Option, String> values, Map<String, String> environment) throws UsageException {
        return parseLong(option, text(option, values, environment));
    }

    private static long nonNegative(Option option, Map<Option, String> values, Map<String, String> environment) throws UsageException {
        long value = number(option, values, environment);
        if (value < 0) {
            throw new UsageException(option.flag() + " must not be negative: " + value);
        }
        return value;
    }

    private static int positive(Option option, Map<Option, String> values, Map<String, String> environment) throws UsageException {
        long value = number(option, values, environment);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new UsageException(option.flag() + " must be a whole number of at least 1: " + value);
        }
        return (int) value;
    }

    private static boolean bool(Option option, Map<Option, String> values, Map<String, String> environment) throws UsageException {
        String value = text(option, values, environment).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new UsageException(option.flag() + " must be true or false: " + value);
        };
    }

    private static long parseLong(Option option, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option.flag() + " must be a whole number: " + value);
        }
    }
}
