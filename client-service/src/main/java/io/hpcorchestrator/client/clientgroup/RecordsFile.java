package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.load.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client group's job hands back: how its run ended, its steps and every request record, one compact array
 * per request. Written to a temporary name and renamed, so a reader sees the whole file or none.
 *
 * <pre>
 * {"format": "hpc-client-records/1", "outcome": "COMPLETED", "reason": null, "model": "...",
 *  "steps": [{"step": 0, "started_at": "2026-...Z", "duration_us": 60001234}],
 *  "requests": [[step, seq, intended_us, sent_us, ttft_us, e2el_us, prompt_tokens, output_tokens,
 *                error_kind, error, http_status, "itl_us,itl_us,..."], ...]}
 * </pre>
 */
public record RecordsFile(String outcome, String reason, String model, List<Step> steps, List<RequestRecord> requests) {

    public static final String FORMAT = "hpc-client-records/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param durationUs null when the step was cut short */
    public record Step(int step, Instant startedAt, Long durationUs) {
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("outcome", outcome);
        root.put("reason", reason);
        root.put("model", model);
        ArrayNode stepNodes = root.putArray("steps");
        for (Step step : steps) {
            ObjectNode node = stepNodes.addObject();
            node.put("step", step.step());
            node.put("started_at", step.startedAt().toString());
            if (step.durationUs() == null) {
                node.putNull("duration_us");
            } else {
                node.put("duration_us", step.durationUs());
            }
        }
        ArrayNode requestNodes = root.putArray("requests");
        for (RequestRecord r : requests) {
            ArrayNode row = requestNodes.addArray();
            row.add(r.step()).add(r.seq()).add(r.intendedUs()).add(r.sentUs()).add(r.ttftUs()).add(r.e2elUs()).add(r.promptTokens())
                    .add(r.outputTokens()).add(r.errorKind()).add(r.error()).add(r.httpStatus());
            row.add(itl(r.itlUs()));
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), root);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @throws IllegalArgumentException when the bytes are not such a file */
    public static RecordsFile read(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (!FORMAT.equals(root.path("format").asString(""))) {
            throw new IllegalArgumentException("not a " + FORMAT + " file");
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode node : root.path("steps")) {
            JsonNode duration = node.path("duration_us");
            steps.add(new Step(node.path("step").asInt(), Instant.parse(node.path("started_at").asString()),
                    duration.isIntegralNumber() ? duration.longValue() : null));
        }
        List<RequestRecord> requests = new ArrayList<>();
        for (JsonNode row : root.path("requests")) {
            requests.add(new RequestRecord(row.get(0).intValue(), row.get(1).intValue(), row.get(2).longValue(), row.get(3).longValue(),
                    row.get(4).longValue(), row.get(5).longValue(), itl(row.get(11)), row.get(6).intValue(), row.get(7).intValue(),
                    text(row.get(8)), text(row.get(9)), row.get(10).intValue()));
        }
        return new RecordsFile(text(root.get("outcome")), text(root.get("reason")), text(root.get("model")), steps, requests);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String itl(int[] gaps) {
        StringBuilder text = new StringBuilder(gaps.length * 6);
        for (int i = 0; i < gaps.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(gaps[i]);
        }
        return text.toString();
    }

    private static int[] itl(JsonNode node) {
        if (node == null || !node.isString() || node.stringValue().isEmpty()) {
            return new int[0];
        }
        String[] parts = node.stringValue().split(",");
        int[] gaps = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            gaps[i] = Integer.parseInt(parts[i]);
        }
        return gaps;
    }
}
