package io.hpcorchestrator.server.lifecycle;

/**
 * What a rendered job script reported about itself in its comment: {@code hpc:phase=STARTING,node=vm,port=20875}.
 * Later words win. Anything else in the comment (a user's own text) yields an empty report.
 */
record JobReport(String phase, String node, Integer port) {

    static final JobReport NONE = new JobReport(null, null, null);
    private static final String PREFIX = "hpc:";

    static JobReport parse(String comment) {
        if (comment == null || !comment.startsWith(PREFIX)) {
            return NONE;
        }
        String phase = null;
        String node = null;
        Integer port = null;
        for (String word : comment.substring(PREFIX.length()).split(",")) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = word.substring(0, equals);
            String value = word.substring(equals + 1);
            switch (key) {
                case "phase" -> phase = value;
                case "node" -> node = value.isEmpty() ? null : value;
                case "port" -> port = parsePort(value);
                default -> { }
            }
        }
        return new JobReport(phase, node, port);
    }

    private static Integer parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            return port > 0 && port < 65536 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean building() {
        return "BUILDING".equals(phase);
    }

    boolean started() {
        return "STARTING".equals(phase);
    }
}
