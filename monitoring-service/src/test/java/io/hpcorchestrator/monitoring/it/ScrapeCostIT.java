package io.hpcorchestrator.monitoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.monitoring.StubServer;
import io.hpcorchestrator.monitoring.services.ServicesPoller;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What monitoring costs, on the real local cluster with the default sampling interval: scrape latency with 1,000
 * tracked services, and SLURM calls per minute while Prometheus-like clients scrape ten times a second. Figures are
 * printed for docs/monitoring.md; the assertions are loose bounds, as the machine is shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ScrapeCostIT {

    private static final StubServer SERVER = new StubServer();
    private static final Pattern SLURM_CALLS = Pattern.compile("(?m)^hpc_slurm_calls_seconds_count\\{[^}]*} ([0-9.E]+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("hpc.monitoring.server.url", SERVER::url);
        registry.add("hpc.cluster.transport", () -> "local");
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ServicesPoller poller;

    private static List<String> services(int count) {
        List<String> services = new ArrayList<>();
        String[] states = {"RUNNING", "RUNNING", "RUNNING", "PENDING", "STARTING"};
        String[] recipes = {"inference/vllm", "inference/vllm-simulator", "vector-db/qdrant", "storage/minio"};
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String state = states[i % states.length];
            services.add(StubServer.service("svc-%012x".formatted(i), recipes[i % recipes.length], state,
                    state.equals("PENDING") ? "Resources" : null, "mel" + (2000 + i % 200), 100_000L + i, now, null));
        }
        return services;
    }

    /** As Prometheus scrapes: with the scrape token. */
    private HttpRequest scrape() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", TestTokens.bearer(TestTokens.SCRAPE)).build();
    }

    private long scrapeMicros() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(scrape(),
                HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - started) / 1000;
        assertThat(response.statusCode()).isEqualTo(200);
        return micros;
    }

    private double slurmCalls() throws Exception {
        String text = HTTP.send(scrape(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = SLURM_CALLS.matcher(text);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long p99(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    private List<Long> burst(int scrapes) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < scrapes; i++) {
            micros.add(scrapeMicros());
        }
        return micros;
    }

    @Test
    void scrapesAreCheapAndSlurmCallsFollowTheIntervalNotTheScrapes() throws Exception {
        SERVER.services = List.of();
        poller.poll();
        burst(300);
        List<Long> empty = burst(500);

        SERVER.services = services(1000);
        poller.poll();
        assertThat(HTTP.send(scrape(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("hpc_monitoring_services_tracked{application=\"monitoring-service\"} 1000.0");
        burst(300);
        List<Long> thousand = burst(500);
        System.out.printf("scrape latency, side by side: 0 services median %d us p99 %d us; 1,000 tracked services median %d us p99 %d us%n",
                median(empty), p99(empty), median(thousand), p99(thousand));

        // Ten scrapes a second for a minute, at the default interval (15 s): SLURM sees the interval, not the scrapes.
        await("the first cluster sample").atMost(Duration.ofSeconds(30)).until(() -> slurmCalls() >= 3);
        List<Long> during = new ArrayList<>();
        double before = slurmCalls();
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        scraper.scheduleAtFixedRate(() -> {
            try {
                during.add(scrapeMicros());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(60_000);
        scraper.shutdown();
        assertThat(scraper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        double calls = slurmCalls() - before;
        System.out.printf("%d scrapes in %.1f s (%.1f/s): %.0f SLURM calls, %.1f per minute; scrape median %d us p99 %d us%n",
                during.size(), seconds, during.size() / seconds, calls, calls * 60 / seconds, median(during), p99(during));

        assertThat(during.size()).isGreaterThanOrEqualTo(550);
        // 15 s interval: 4 or 5 samples of three calls fall into any minute.
        assertThat(calls).isBetween(9.0, 15.0);
        assertThat(median(thousand)).as("median scrape with 1,000 services, us").isLessThan(100_000);
    }
}
