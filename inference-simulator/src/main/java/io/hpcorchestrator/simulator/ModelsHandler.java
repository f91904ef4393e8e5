package io.hpcorchestrator.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hpcorchestrator.simulator.OpenAiJson.ModelCard;
import io.hpcorchestrator.simulator.OpenAiJson.ModelList;
import io.hpcorchestrator.simulator.OpenAiJson.ModelPermission;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/** {@code GET /v1/models}: every served name, each a card of the one simulated model, as vLLM lists them. */
final class ModelsHandler implements HttpHandler {

    private final byte[] body;

    ModelsHandler(SimulatorConfig config, ObjectMapper mapper, long createdEpochSeconds) {
        String root = config.models().get(0);
        List<ModelCard> cards = config.models().stream()
                .map(name -> new ModelCard(name, "model", createdEpochSeconds, "vllm", root, null, config.maxModelLen(),
                        List.of(ModelPermission.of("modelperm-simulator-" + Integer.toHexString(name.hashCode()), createdEpochSeconds))))
                .toList();
        this.body = mapper.writeValueAsBytes(new ModelList("list", cards));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (Exchanges.routed(exchange, "/v1/models", "GET")) {
                Exchanges.sendJson(exchange, 200, body);
            }
        } finally {
            exchange.close();
        }
    }
}
