package io.hpcorchestrator.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.ObjectMapper;

/**
 * A running simulator: the JDK's HTTP server with one thread per open request (requests mostly wait, for a
 * slot or for their next token) and one scheduler thread that releases tokens on time.
 */
public final class InferenceSimulator implements AutoCloseable {

    private static final int ACCEPT_BACKLOG = 1024;

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ScheduledThreadPoolExecutor tokenScheduler;

    private InferenceSimulator(SimulatorConfig config, HttpServer server, ExecutorService requestThreads,
            ScheduledThreadPoolExecutor tokenScheduler) {
        this.config = config;
        this.server = server;
        this.requestThreads = requestThreads;
        this.tokenScheduler = tokenScheduler;
    }

    public static InferenceSimulator start(SimulatorConfig config) throws IOException {
        // Streamed tokens are small writes a few ms apart: with Nagle's algorithm on (the JDK server's default)
        // each would wait for the client's delayed ACK, and chunks would arrive in bursts. Read once, when the
        // JDK's server class is first used.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        ObjectMapper mapper = OpenAiJson.mapper();
        ScheduledThreadPoolExecutor tokenScheduler = new ScheduledThreadPoolExecutor(1, threads("simulator-tokens-"));
        tokenScheduler.setRemoveOnCancelPolicy(true);
        ExecutorService requestThreads = Executors.newCachedThreadPool(threads("simulator-request-"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), ACCEPT_BACKLOG);
        } catch (IOException e) {
            tokenScheduler.shutdownNow();
            requestThreads.shutdownNow();
            throw e;
        }
        SimulatedEngine engine = new SimulatedEngine(config, tokenScheduler);
        RequestParser parser = new RequestParser(config, mapper);
        server.createContext("/v1/models", new ModelsHandler(config, mapper, System.currentTimeMillis() / 1000));
        server.createContext(Endpoint.COMPLETIONS.path(), new GenerationHandler(Endpoint.COMPLETIONS, parser, engine, mapper));
        server.createContext(Endpoint.CHAT.path(), new GenerationHandler(Endpoint.CHAT, parser, engine, mapper));
        server.createContext("/health", PlainHandlers.health());
        server.createContext("/metrics", PlainHandlers.metrics(engine.metrics()));
        server.createContext("/", PlainHandlers.notFound());
        server.setExecutor(requestThreads);
        server.start();
        return new InferenceSimulator(config, server, requestThreads, tokenScheduler);
    }

    public SimulatorConfig config() {
        return config;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} when listening on all addresses, else the configured host. */
    public URI baseUri() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops listening and ends open requests at once; clients mid-stream see the connection close. */
    @Override
    public void close() {
        server.stop(0);
        requestThreads.shutdownNow();
        tokenScheduler.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
