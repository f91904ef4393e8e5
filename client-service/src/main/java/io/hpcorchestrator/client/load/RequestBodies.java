package io.hpcorchestrator.client.load;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies as vLLM's benchmark sends them: {@code stream} with {@code stream_options.include_usage}, so the
 * server's own token counts come back in the last chunk; chat asks for {@code max_completion_tokens}. Fields of
 * {@code extra_body} go in last and win.
 */
final class RequestBodies {

    private final LoadPlan plan;
    private final String model;
    private final Dataset dataset;
    private final JsonMapper json;

    RequestBodies(LoadPlan plan, String model, JsonMapper json) {
        this.plan = plan;
        this.model = model;
        this.dataset = new Dataset(plan.dataset());
        this.json = json;
    }

    Prepared prepare(long index) {
        Dataset.Sample sample = dataset.sample(index);
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        if (plan.api() == ApiFlavour.CHAT) {
            ObjectNode message = body.putArray("messages").addObject();
            message.put("role", "user");
            message.put("content", sample.text());
            body.put("max_completion_tokens", sample.maxTokens());
        } else {
            body.put("prompt", sample.text());
            body.put("max_tokens", sample.maxTokens());
        }
        if (plan.temperature() != null) {
            body.put("temperature", plan.temperature());
        }
        if (plan.ignoreEos()) {
            body.put("ignore_eos", true);
        }
        body.put("stream", plan.stream());
        if (plan.stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        for (Map.Entry<String, Object> extra : plan.extraBody().entrySet()) {
            body.set(extra.getKey(), json.valueToTree(extra.getValue()));
        }
        return new Prepared(json.writeValueAsBytes(body), sample.estimatedTokens());
    }

    /** A request ready to send: its body, and its prompt length as the client estimates it. */
    record Prepared(byte[] body, int estimatedPromptTokens) {
    }
}
