package io.hpcorchestrator.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hpcorchestrator.simulator.OpenAiJson.ChatChoice;
import io.hpcorchestrator.simulator.OpenAiJson.ChatChunkChoice;
import io.hpcorchestrator.simulator.OpenAiJson.ChatCompletion;
import io.hpcorchestrator.simulator.OpenAiJson.ChatMessage;
import io.hpcorchestrator.simulator.OpenAiJson.Chunk;
import io.hpcorchestrator.simulator.OpenAiJson.Completion;
import io.hpcorchestrator.simulator.OpenAiJson.CompletionChoice;
import io.hpcorchestrator.simulator.OpenAiJson.Delta;
import io.hpcorchestrator.simulator.OpenAiJson.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}, whole or streamed. A streamed answer
 * sends its headers at once (the request may still wait for a slot, as with vLLM), then one server-sent
 * event per token, each written and flushed as soon as the token is due; a failed write means the client
 * is gone and ends the generation.
 */
final class GenerationHandler implements HttpHandler {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Endpoint endpoint;
    private final RequestParser parser;
    private final SimulatedEngine engine;
    private final ObjectMapper mapper;

    GenerationHandler(Endpoint endpoint, RequestParser parser, SimulatedEngine engine, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.parser = parser;
        this.engine = engine;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long arrivalNanos = System.nanoTime();
        try {
            if (!Exchanges.routed(exchange, endpoint.path(), "POST")) {
                return;
            }
            InferenceRequest request;
            try {
                request = parser.parse(endpoint, exchange.getRequestBody().readAllBytes());
            } catch (ApiException e) {
                Exchanges.sendError(exchange, mapper, e);
                return;
            }
            if (request.stream()) {
                stream(exchange, request, arrivalNanos);
            } else {
                answer(exchange, request, arrivalNanos);
            }
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // Nothing to answer to; the generation was closed on the way out.
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, InferenceRequest request, long arrivalNanos)
            throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        try (Generation generation = engine.submit(request, arrivalNanos)) {
            Generation.Token token;
            do {
                token = generation.take();
                text.append(token.text());
            } while (!token.last());
        }
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        Usage usage = Usage.of(request.promptTokens(), request.outputTokens());
        Object body = endpoint == Endpoint.COMPLETIONS
                ? new Completion(id, endpoint.object(), created, request.model(),
                        List.of(new CompletionChoice(0, text.toString(), null, request.finishReason(), null)), usage)
                : new ChatCompletion(id, endpoint.object(), created, request.model(),
                        List.of(new ChatChoice(0, new ChatMessage("assistant", text.toString()), null, request.finishReason(), null)),
                        usage);
        Exchanges.sendJson(exchange, 200, mapper.writeValueAsBytes(body));
    }

    private void stream(HttpExchange exchange, InferenceRequest request, long arrivalNanos)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String id = newId();
        long created = System.currentTimeMillis() / 1000;
        try (Generation generation = engine.submit(request, arrivalNanos)) {
            Generation.Token token;
            do {
                token = generation.take();
                if (endpoint == Endpoint.CHAT && token.index() == 0) {
                    send(out, new Chunk(id, endpoint.chunkObject(), created, request.model(),
                            List.of(new ChatChunkChoice(0, new Delta("assistant", ""), null, null, null)),
                            chunkUsage(request, 0)));
                }
                String finishReason = token.last() ? request.finishReason() : null;
                Object choice = endpoint == Endpoint.CHAT
                        ? new ChatChunkChoice(0, new Delta(null, token.text()), null, finishReason, null)
                        : new CompletionChoice(0, token.text(), null, finishReason, null);
                send(out, new Chunk(id, endpoint.chunkObject(), created, request.model(), List.of(choice),
                        chunkUsage(request, token.index() + 1)));
            } while (!token.last());
            if (request.includeUsage()) {
                send(out, new Chunk(id, endpoint.chunkObject(), created, request.model(), List.of(),
                        mapper.valueToTree(Usage.of(request.promptTokens(), request.outputTokens()))));
            }
        }
        out.write(DONE);
        out.flush();
    }

    /** Absent without include_usage, null in intermediate chunks, the running count with continuous_usage_stats. */
    private JsonNode chunkUsage(InferenceRequest request, int completionTokens) {
        if (request.continuousUsage()) {
            return mapper.valueToTree(Usage.of(request.promptTokens(), completionTokens));
        }
        return request.includeUsage() ? NullNode.getInstance() : null;
    }

    private void send(OutputStream out, Chunk chunk) throws IOException {
        byte[] json = mapper.writeValueAsBytes(chunk);
        byte[] event = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
        System.arraycopy(json, 0, event, 6, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        out.write(event);
        out.flush();
    }

    private String newId() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return endpoint.idPrefix() + HexFormat.of().formatHex(random);
    }
}
