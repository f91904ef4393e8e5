package io.hpcorchestrator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.logs.it.SseClient;
import io.hpcorchestrator.logs.store.LineScope;
import io.hpcorchestrator.logs.store.LinesStored;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.NewLine;
import io.hpcorchestrator.logs.store.SourceState;
import io.hpcorchestrator.logs.store.Stream;
import io.hpcorchestrator.testing.security.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API over lines stored directly (collection is off): reads, filters, search, live streams and every kind of
 * bad input. Each test works on services of its own, alice's, and reads as alice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hpc.logs.query.regex-budget=300ms", "hpc.logs.follow.heartbeat=1s", TestTokens.PROPERTY})
class LogsApiTests {

    private static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @Autowired
    LogStore store;

    @Autowired
    ApplicationEventPublisher events;

    private String svc;
    private long jobId;
    private SourceState out;
    private SourceState err;

    record Answer(int status, JsonNode body, String text) {
    }

    private Answer get(String path) {
        ResponseEntity<String> response = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, reply) -> { })
                .defaultHeader("Authorization", TestTokens.bearer(TestTokens.ALICE)).build()
                .get().uri(java.net.URI.create("http://127.0.0.1:" + port + path)).retrieve().toEntity(String.class);
        String text = response.getBody() == null ? "" : response.getBody();
        JsonNode body = text.startsWith("{") || text.startsWith("[") ? JSON.readTree(text) : null;
        return new Answer(response.getStatusCode().value(), body, text);
    }

    private JsonNode ok(String path) {
        Answer answer = get(path);
        assertThat(answer.status()).as("GET %s -> %s", path, answer.text()).isEqualTo(200);
        return answer.body();
    }

    private SseClient follow(String pathAndQuery, String lastEventId) {
        return SseClient.open("http://127.0.0.1:" + port + "/api/v1/logs/" + svc + pathAndQuery, lastEventId, TestTokens.ALICE);
    }

    /** Lines are stored by the one collector in real life; here by the test, which is the only writer. */
    private synchronized SourceState append(SourceState source, String... texts) {
        List<NewLine> lines = new ArrayList<>();
        long lineNo = source.nextLine();
        for (String text : texts) {
            lines.add(new NewLine(lineNo++, text, text.length() + 1));
        }
        long bytes = lines.stream().mapToLong(NewLine::byteCount).sum();
        SourceState next = source.withRead(source.readOffset() + bytes, source.readOffset() + bytes, lineNo, lines.size(), bytes,
                Instant.now());
        long firstId = store.lastLineId() + 1;
        store.append(next, lines, firstId, Instant.now());
        events.publishEvent(new LinesStored(source.serviceId(), firstId + lines.size() - 1));
        return next;
    }

    @BeforeEach
    void seed() {
        svc = "svc-" + HexFormat.of().formatHex(randomBytes(6));
        jobId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        store.saveService(new LoggedService(svc, jobId, "hpc-numbers", "tests/numbers", "RUNNING", null, LoggedService.COLLECTING,
                Instant.now(), Instant.now(), "alice"));
        out = SourceState.start(svc, Stream.STDOUT, "/work/hpc-numbers-" + jobId + ".out", jobId);
        err = SourceState.start(svc, Stream.STDERR, "/work/hpc-numbers-" + jobId + ".err", jobId);
        store.saveSource(err);
        out = append(out, "starting " + svc, "line 1", "line 2", "error? no", "line 4");
        err = append(err, "warning: disk 90% full");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static List<String> texts(JsonNode lines) {
        List<String> texts = new ArrayList<>();
        lines.forEach(line -> texts.add(line.get("text").asString()));
        return texts;
    }

    @Test
    void servicesAreListedWithTheirLogSizesAndLastUpdate() {
        JsonNode services = ok("/api/v1/logs/services?limit=1000");
        JsonNode mine = null;
        for (JsonNode service : services) {
            if (service.get("service_id").asString().equals(svc)) {
                mine = service;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("job_id").asLong()).isEqualTo(jobId);
        assertThat(mine.get("stored_lines").asLong()).isEqualTo(6);
        assertThat(mine.get("collection_state").asString()).isEqualTo("collecting");
        assertThat(mine.get("last_update").asString()).isNotBlank();
        assertThat(mine.get("files").findValuesAsString("stream")).containsExactly("stderr", "stdout");
        assertThat(mine.get("files").get(1).get("path").asString()).endsWith(jobId + ".out");
    }

    @Test
    void readsTheLastLinesOldestFirstByServiceIdOrJobId() {
        JsonNode all = ok("/api/v1/logs/" + svc);
        assertThat(texts(all.get("lines"))).containsExactly("starting " + svc, "line 1", "line 2", "error? no", "line 4",
                "warning: disk 90% full");
        JsonNode line = all.get("lines").get(1);
        assertThat(line.get("id").asLong()).isPositive();
        assertThat(line.get("service_id").asString()).isEqualTo(svc);
        assertThat(line.get("job_id").asLong()).isEqualTo(jobId);
        assertThat(line.get("stream").asString()).isEqualTo("stdout");
        assertThat(line.get("line_no").asLong()).isEqualTo(2);
        assertThat(line.get("collected_at").asString()).isNotBlank();

        assertThat(texts(ok("/api/v1/logs/" + jobId + "?stream=stdout&tail=2").get("lines"))).containsExactly("error? no", "line 4");
        assertThat(texts(ok("/api/v1/logs/" + svc + "?stream=stderr").get("lines"))).containsExactly("warning: disk 90% full");
    }

    @Test
    void filtersBySubstringRegularExpressionAndTime() {
        assertThat(texts(ok("/api/v1/logs/" + svc + "?q=line").get("lines"))).containsExactly("line 1", "line 2", "line 4");
        // A substring is text: ? and % are not special.
        assertThat(texts(ok("/api/v1/logs/" + svc + "?q=error?").get("lines"))).containsExactly("error? no");
        assertThat(texts(ok("/api/v1/logs/" + svc + "?q=90%25").get("lines"))).containsExactly("warning: disk 90% full");
        JsonNode regex = ok("/api/v1/logs/" + svc + "?q=%5Eline%20%5B24%5D%24&regex=true");
        assertThat(texts(regex.get("lines"))).containsExactly("line 2", "line 4");
        assertThat(regex.get("limited").asBoolean()).isFalse();
        assertThat(regex.get("scanned_lines").asLong()).isEqualTo(6);
        assertThat(texts(ok("/api/v1/logs/" + svc + "?q=line&regex=true&tail=1").get("lines"))).containsExactly("line 4");

        Instant later = Instant.now().plusSeconds(1);
        assertThat(ok("/api/v1/logs/" + svc + "?since=" + later).get("lines")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(later));
        out = append(out, "after the mark");
        assertThat(texts(ok("/api/v1/logs/" + svc + "?since=" + later).get("lines"))).containsExactly("after the mark");
    }

    @Test
    void aRegularExpressionThatBacktracksForeverStopsAtTheBudgetAndSaysSo() {
        out = append(out, "a".repeat(60) + "b");
        long start = System.nanoTime();
        JsonNode answer = ok("/api/v1/logs/" + svc + "?regex=true&q=(.*a)%7B12%7D%24");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(answer.get("limited").asBoolean()).isTrue();
    }

    @Test
    void searchesAcrossServicesNewestFirstAPageAtATime() {
        String marker = "needle-" + svc;
        out = append(out, marker + " 1", "hay", marker + " 2");
        err = append(err, marker + " 3");

        JsonNode first = ok("/api/v1/logs/search?q=" + marker + "&size=2");
        assertThat(texts(first.get("lines"))).containsExactly(marker + " 3", marker + " 2");
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode second = ok("/api/v1/logs/search?q=" + marker + "&size=2&page=1");
        assertThat(texts(second.get("lines"))).containsExactly(marker + " 1");
        assertThat(second.get("has_more").asBoolean()).isFalse();

        JsonNode regex = ok("/api/v1/logs/search?q=" + marker + "%20%5B13%5D&regex=true&size=10");
        assertThat(texts(regex.get("lines"))).containsExactly(marker + " 3", marker + " 1");
        assertThat(texts(ok("/api/v1/logs/search?q=" + marker + "&stream=stderr").get("lines"))).containsExactly(marker + " 3");
        assertThat(texts(ok("/api/v1/logs/search?q=" + marker + "%20%5B13%5D&regex=true&size=1&page=1").get("lines")))
                .containsExactly(marker + " 1");
    }

    @Test
    void anUnknownServiceIsNotFound() {
        Answer answer = get("/api/v1/logs/svc-ffffffffffff");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("title").asString()).isEqualTo("Service not found");
        assertThat(get("/api/v1/logs/99999999999").status()).isEqualTo(404);
        assertThat(get("/api/v1/logs/svc-ffffffffffff/follow").status()).isEqualTo(404);
    }

    @Test
    void anInvalidRegularExpressionIsABadRequestNamingTheParameter() {
        Answer answer = get("/api/v1/logs/" + svc + "?regex=true&q=(%5Ba-");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("q");
        assertThat(get("/api/v1/logs/search?regex=true&q=(%5Ba-").status()).isEqualTo(400);
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        for (String query : List.of("?stream=both", "?stream=/etc/passwd", "?tail=0", "?tail=100001", "?tail=abc", "?since=yesterday",
                "?since=/etc/passwd", "?q=")) {
            assertThat(get("/api/v1/logs/" + svc + query).status()).as(query).isEqualTo(400);
        }
        for (String query : List.of("", "?q=x&size=0", "?q=x&size=501", "?q=x&page=-1", "?q=x&page=1000&size=50")) {
            assertThat(get("/api/v1/logs/search" + query).status()).as(query).isEqualTo(400);
        }
        assertThat(get("/api/v1/logs/services?limit=0").status()).isEqualTo(400);
        assertThat(get("/api/v1/logs/" + svc + "/follow?tail=-1").status()).isEqualTo(400);
    }

    @Test
    void pathLikeServiceIdsAreRefusedAndNoFileIsRead() {
        for (String id : List.of("..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "etc%2Fpasswd", "~root", "..", "%2e%2e",
                "svc-0123456789ab%2F..%2F..%2Fetc%2Fpasswd", "svc-..", "0", "-1", "12abc", "svc-0123456789AB", "passwd")) {
            for (String suffix : List.of("", "/follow")) {
                Answer answer = get("/api/v1/logs/" + id + suffix);
                assertThat(answer.status()).as(id + suffix + " -> " + answer.text()).isIn(400, 404);
                assertThat(answer.text()).doesNotContain("root:x:0:0");
            }
        }
        Answer answer = get("/api/v1/logs/..%2F..%2Fetc%2Fpasswd");
        assertThat(answer.text()).doesNotContain("root:");
    }

    @Test
    void aLiveStreamSendsNewLinesAndResumesAfterLastEventIdWithoutGapsOrDuplicates() {
        List<String> received = new ArrayList<>();
        String lastId;
        try (SseClient stream = follow("/follow?tail=2", null)) {
            assertThat(stream.status()).isEqualTo(200);
            SseClient.Event first = stream.next(Duration.ofSeconds(5));
            SseClient.Event second = stream.next(Duration.ofSeconds(5));
            assertThat(JSON.readTree(first.data()).get("text").asString()).isEqualTo("line 4");
            assertThat(JSON.readTree(second.data()).get("text").asString()).isEqualTo("warning: disk 90% full");
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));

            out = append(out, "live 1", "live 2");
            for (int i = 0; i < 2; i++) {
                SseClient.Event event = stream.next(Duration.ofSeconds(5));
                assertThat(event).isNotNull();
                assertThat(event.id()).isEqualTo(Long.toString(JSON.readTree(event.data()).get("id").asLong()));
                received.add(JSON.readTree(event.data()).get("text").asString());
            }
            lastId = Long.toString(store.newestFirst(LineScope.of(svc), null, 0, Long.MAX_VALUE, "live 2", 1, 0).get(0).id());
        }
        // Written while nobody listens: the reconnect must deliver exactly these.
        out = append(out, "offline 1", "offline 2");
        try (SseClient stream = follow("/follow", lastId)) {
            out = append(out, "live 3");
            store.saveService(new LoggedService(svc, jobId, "hpc-numbers", "tests/numbers", "COMPLETED", Instant.now(), LoggedService.DONE,
                    Instant.now(), Instant.now(), "alice"));
            events.publishEvent(new LinesStored(svc, 0));
            List<SseClient.Event> rest = stream.until("end", Duration.ofSeconds(10));
            assertThat(rest).last().satisfies(end -> assertThat(end.name()).isEqualTo("end"));
            rest.subList(0, rest.size() - 1).forEach(event -> received.add(JSON.readTree(event.data()).get("text").asString()));
            await().atMost(Duration.ofSeconds(5)).until(stream::ended);
        }
        assertThat(received).containsExactly("live 1", "live 2", "offline 1", "offline 2", "live 3");
    }

    @Test
    void aLiveStreamOfOneStreamSkipsTheOther() {
        try (SseClient stream = follow("/follow?stream=stderr", null)) {
            out = append(out, "to stdout");
            err = append(err, "to stderr");
            SseClient.Event event = stream.next(Duration.ofSeconds(5));
            assertThat(JSON.readTree(event.data()).get("text").asString()).isEqualTo("to stderr");
        }
    }

    @Test
    void aMalformedLastEventIdIsABadRequest() {
        try (SseClient stream = follow("/follow", "../etc")) {
            assertThat(stream.status()).isEqualTo(400);
        }
    }

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        JsonNode paths = ok("/v3/api-docs").get("paths");
        assertThat(paths.has("/api/v1/logs/services")).isTrue();
        assertThat(paths.has("/api/v1/logs/search")).isTrue();
        assertThat(paths.has("/api/v1/logs/{serviceId}")).isTrue();
        assertThat(paths.has("/api/v1/logs/{serviceId}/follow")).isTrue();
    }
}
