package io.hpcorchestrator.testing.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security checks generated from a running service's own OpenAPI document, so an endpoint added later is covered
 * without touching the tests. Each check tries every operation and reports all offenders at once.
 */
public final class ApiSecurityChecks {

    /** A path parameter value that names nothing. */
    public static final String UNKNOWN = "does-not-exist-42";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ApiOperation> operations;

    /** Reads {@code /v3/api-docs} of the service at {@code base} with {@code token}. */
    public ApiSecurityChecks(URI base, String token) {
        this.base = base;
        HttpResponse<String> document = send("GET", "/v3/api-docs", token, null);
        assertThat(document.statusCode()).as("GET /v3/api-docs with a token").isEqualTo(200);
        this.operations = ApiOperation.of(JsonMapper.shared().readTree(document.body()));
        assertThat(operations).as("operations in the OpenAPI document").isNotEmpty();
    }

    public List<ApiOperation> operations() {
        return operations;
    }

    /**
     * Every operation and the Prometheus endpoint answer 401 without a token or with a wrong one; the GET operations
     * at {@code openPaths} (where a token is optional) to a wrong one only.
     */
    public void everyOperationRequiresAToken(String... openPaths) {
        List<String> offenders = new ArrayList<>();
        List<String[]> calls = new ArrayList<>();
        for (ApiOperation operation : operations) {
            calls.add(new String[] {operation.method(), operation.path(Map.of(), UNKNOWN), operation.hasBody() ? "{}" : null});
        }
        calls.add(new String[] {"GET", "/actuator/prometheus", null});
        calls.add(new String[] {"GET", "/actuator/info", null});
        for (String[] call : calls) {
            boolean open = call[0].equals("GET") && List.of(openPaths).contains(call[1]);
            for (String token : open ? new String[] {"not-a-known-token-123456"} : new String[] {null, "not-a-known-token-123456"}) {
                HttpResponse<String> response = send(call[0], call[1], token, call[2]);
                if (response.statusCode() != 401) {
                    offenders.add(call[0] + " " + call[1] + (token == null ? " without a token" : " with a wrong token") + ": " + response.statusCode());
                } else if (!response.body().isEmpty() && response.body().contains("Exception")) {
                    offenders.add(call[0] + " " + call[1] + ": the 401 body leaks " + response.body());
                }
            }
        }
        assertThat(offenders).as("operations that did not answer 401").isEmpty();
    }

    /**
     * The OpenAPI document and Swagger UI load without a token (a browser has none to send until Swagger UI's
     * Authorize button is used), and no path that steps out of them through a dot segment, an escape or a parameter
     * reaches an operation without one.
     */
    public void theApiDescriptionIsOpenAndLeadsNowhereElse() {
        HttpResponse<String> document = send("GET", "/v3/api-docs", null, null);
        assertThat(document.statusCode()).as("GET /v3/api-docs without a token").isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"", "\"bearer\"");
        assertThat(send("GET", "/swagger-ui/index.html", null, null).statusCode()).as("Swagger UI").isEqualTo(200);
        assertThat(send("GET", "/v3/api-docs/swagger-config", null, null).statusCode()).as("Swagger UI's configuration").isEqualTo(200);
        List<String> offenders = new ArrayList<>();
        for (ApiOperation operation : operations) {
            if (!operation.method().equals("GET")) {
                continue;
            }
            String path = operation.path(Map.of(), UNKNOWN).substring(1);
            for (String detour : List.of("/swagger-ui/../", "/swagger-ui/%2e%2e/", "/v3/api-docs/../../", "/v3/api-docs;a=b/../../",
                    "/swagger-ui/..%2f", "/swagger-ui//../")) {
                HttpResponse<String> response = sendRaw("GET", detour + path);
                if (!List.of(400, 401).contains(response.statusCode())) {
                    offenders.add("GET " + detour + path + ": " + response.statusCode());
                }
            }
        }
        assertThat(offenders).as("detours through the open paths that were not refused").isEmpty();
    }

    private HttpResponse<String> sendRaw(String method, String rawPath) {
        URI uri = URI.create(base.getScheme() + "://" + base.getAuthority() + rawPath);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + rawPath + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every mutating operation answers 403 to the read-only scrape token. */
    public void theScrapeTokenCannotChangeAnything(String scrapeToken) {
        List<String> offenders = new ArrayList<>();
        for (ApiOperation operation : operations) {
            if (!operation.mutating()) {
                continue;
            }
            HttpResponse<String> response = send(operation.method(), operation.path(Map.of(), UNKNOWN), scrapeToken, operation.hasBody() ? "{}" : null);
            if (response.statusCode() != 403) {
                offenders.add(operation + ": " + response.statusCode());
            }
        }
        assertThat(offenders).as("mutating operations that did not answer 403 to the scrape token").isEmpty();
    }

    /**
     * Every operation whose path parameters all name a resource of another user (values in {@code owned}) answers
     * 404 to {@code otherToken}, as an unknown id would: nobody learns what others have. {@code body} gives the
     * request body of operations that take one (a valid one, so that only ownership can refuse it).
     *
     * @return the operations checked, so a test can assert the ones it expects are among them
     */
    public List<ApiOperation> othersResourcesAreNotFound(Map<String, String> owned, String otherToken, Function<ApiOperation, String> body) {
        List<String> offenders = new ArrayList<>();
        List<ApiOperation> checked = new ArrayList<>();
        for (ApiOperation operation : operations) {
            if (operation.pathParameters().isEmpty() || !owned.keySet().containsAll(operation.pathParameters())) {
                continue;
            }
            checked.add(operation);
            HttpResponse<String> response = send(operation.method(), operation.path(owned, UNKNOWN), otherToken,
                    operation.hasBody() ? body.apply(operation) : null);
            if (response.statusCode() != 404) {
                offenders.add(operation + ": " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(offenders).as("operations that answered another user's resource with something else than 404").isEmpty();
        return checked;
    }

    public HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
