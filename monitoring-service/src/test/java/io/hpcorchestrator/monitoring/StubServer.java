package io.hpcorchestrator.monitoring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's services API as the monitoring service reads it: a list of services, paged, and scrape targets. */
public final class StubServer implements AutoCloseable {

    private static final Pattern PAGE = Pattern.compile("limit=(\\d+)&offset=(\\d+)");

    private final HttpServer http;
    public volatile List<String> services = List.of();
    public volatile String targets = "[]";
    public final AtomicInteger requests = new AtomicInteger();
    /** The {@code Authorization} header of the last request, to prove the monitoring service presents its token. */
    public volatile String lastAuthorization;

    public StubServer() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/api/v1/services", exchange -> {
            requests.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            String body;
            if (exchange.getRequestURI().getPath().equals("/api/v1/services/targets")) {
                body = targets;
            } else {
                Matcher page = PAGE.matcher(String.valueOf(exchange.getRequestURI().getQuery()));
                int limit = page.find() ? Integer.parseInt(page.group(1)) : 100;
                int offset = page.group(2) == null ? 0 : Integer.parseInt(page.group(2));
                List<String> all = services;
                body = "[" + String.join(",", all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()))) + "]";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** A service of alice's as the server lists it. */
    public static String service(String id, String recipe, String status, String reason, String node, Long jobId, Instant updated,
            Instant ended) {
        return service(id, recipe, status, reason, node, jobId, updated, ended, "alice");
    }

    /** A service as the server lists it, deployed by {@code owner}. */
    public static String service(String id, String recipe, String status, String reason, String node, Long jobId, Instant updated,
            Instant ended, String owner) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("id", id);
        fields.put("job_id", jobId);
        fields.put("name", recipe.substring(recipe.indexOf('/') + 1) + "-" + id.substring(4));
        fields.put("recipe_name", recipe);
        fields.put("status", status);
        fields.put("reason", reason);
        fields.put("endpoint", node == null ? null : "http://10.0.0.1:8000");
        fields.put("node", node);
        fields.put("created_at", updated.toString());
        fields.put("updated_at", updated.toString());
        fields.put("ended_at", ended == null ? null : ended.toString());
        fields.put("owner", owner);
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add("\"" + name + "\": " + (value == null ? "null"
                : value instanceof Number ? value.toString() : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")));
        return "{" + String.join(", ", pairs) + "}";
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
