package io.hpcorchestrator.client.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JDK's asynchronous HTTP client with a small, fixed pool of threads: a request in flight holds no thread, so an
 * open-loop schedule can keep thousands waiting on a slow target. HTTP/1.1 only (no {@code h2c} upgrade attempt,
 * one connection per request in flight, reused afterwards), no redirects, no proxy. Thread-safe; one per process
 * is enough.
 */
public final class InferenceClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final System.Logger LOG = System.getLogger(InferenceClient.class.getName());

    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final HttpClient http;
    private final JsonMapper json;

    /** @param threads threads that parse responses; two per core is plenty, as they never wait on the network */
    public InferenceClient(int threads) {
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
            LOG.log(System.Logger.Level.WARNING, "the common pool has one thread, so the JDK's HTTP client starts a thread per request; "
                    + "start the JVM with -D" + COMMON_POOL_PARALLELISM + "=4");
        }
        this.executor = Executors.newFixedThreadPool(threads, daemonThreads("hpc-client-http-"));
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, daemonThreads("hpc-client-timeouts-"));
        timeouts.setRemoveOnCancelPolicy(true);
        this.timer = timeouts;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.json = JsonMapper.builder().build();
    }

    /**
     * Gives the JVM's common pool at least four threads; call first thing in {@code main}, before anything starts the
     * pool. The JDK's client completes every {@code sendAsync} future on the pool that {@code CompletableFuture} uses
     * by default, which with fewer than two cores' parallelism (one or two CPUs) is a new thread per task: a thread
     * started for every request, which cut the client's throughput to a third on the two-core test machine.
     */
    public static void prepareCommonPool() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** Enough threads for the machine this runs on. */
    public static InferenceClient forThisMachine() {
        return new InferenceClient(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    JsonMapper json() {
        return json;
    }

    /**
     * Sends one request now. {@code onDone} runs exactly once, on one of the client's threads, when the answer has
     * ended, failed, timed out or been aborted. The send time is when the HTTP client takes the request body to write
     * it, right after the request line and headers: the client's own work before that (a connection from the pool,
     * a new connection's handshake, its internal hand-offs, up to a millisecond or two on a busy machine) is not the
     * target's latency. It still counts in an open loop's send delay, and in latencies from the intended send time.
     * A request that fails before its body is taken keeps the time it was handed over.
     */
    Exchange start(URI uri, byte[] body, boolean stream, ApiFlavour api, Duration timeout, Consumer<Exchange> onDone) {
        Exchange exchange = new Exchange(stream, api, json, onDone);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .timeout(timeout)
                .POST(exchange.timedBody(body))
                .build();
        exchange.sentNanos = System.nanoTime();
        java.util.concurrent.CompletableFuture<HttpResponse<Void>> future;
        try {
            future = http.sendAsync(request, exchange::subscriber);
        } catch (RuntimeException e) {
            exchange.fail(e);
            return exchange;
        }
        exchange.future = future;
        exchange.timeoutTask = timer.schedule(() -> exchange.timeOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (exchange.hasEnded()) {
            // Ended before its timeout was scheduled: nothing else would cancel it, and it would linger until due.
            exchange.timeoutTask.cancel(false);
        }
        future.whenComplete((response, error) -> {
            if (error != null) {
                exchange.fail(error);
            } else {
                exchange.complete();
            }
        });
        return exchange;
    }

    /**
     * The first model {@code GET /v1/models} lists, as vLLM's benchmark picks it when none is given.
     *
     * @throws IllegalStateException with the reason when the target does not answer with a model
     */
    public String firstModel(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/models")).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + baseUrl + "/v1/models");
        } catch (Exception e) {
            throw new IllegalStateException(baseUrl + "/v1/models did not answer: " + Exchange.describe(e));
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(baseUrl + "/v1/models answered HTTP " + response.statusCode());
        }
        JsonNode id;
        try {
            id = json.readTree(response.body()).path("data").path(0).path("id");
        } catch (RuntimeException e) {
            throw new IllegalStateException(baseUrl + "/v1/models did not answer with JSON");
        }
        if (!id.isString() || id.stringValue().isBlank()) {
            throw new IllegalStateException(baseUrl + "/v1/models lists no model");
        }
        return id.stringValue();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdown();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
