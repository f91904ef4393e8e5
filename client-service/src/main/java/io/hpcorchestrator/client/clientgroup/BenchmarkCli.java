package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.load.BenchmarkRunner;
import io.hpcorchestrator.client.load.InferenceClient;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.PlanJson;
import io.hpcorchestrator.client.load.RequestRecord;
import io.hpcorchestrator.client.load.RunSink;
import io.hpcorchestrator.client.metrics.StepMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar client-service.jar --run-benchmark <plan.json> --output <records.json>}: runs one plan without
 * Spring (the jar starts in well under a second this way) and writes a {@link RecordsFile}. What a client group's
 * SLURM job runs; also usable by hand. Progress goes to stdout every 10 s, then a summary per step in the layout of
 * {@code vllm bench serve}.
 *
 * <p>SIGTERM ({@code scancel}, or the job's time limit) stops the run: requests in flight are aborted and the
 * records so far are written before the JVM exits, so a cancelled group keeps what it measured.
 *
 * <p>Exit status: 0 when the run completed or was stopped, 1 when it failed, 2 for a bad command line or plan.
 */
public final class BenchmarkCli {

    static final String FLAG = "--run-benchmark";
    private static final long PROGRESS_EVERY_MS = 10_000;
    private static final int MAX_IN_FLIGHT = 8192;

    private BenchmarkCli() {
    }

    public static boolean wants(String[] args) {
        return args.length > 0 && (args[0].equals(FLAG) || args[0].startsWith(FLAG + "="));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String planFile = null;
        String outputFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
            boolean inline = arg.contains("=");
            if (arg.startsWith(FLAG)) {
                planFile = value;
            } else if (arg.startsWith("--output")) {
                outputFile = value;
            } else {
                err.println("unknown argument " + arg + "; usage: " + FLAG + " <plan.json> --output <records.json>");
                return 2;
            }
            if (!inline) {
                i++;
            }
        }
        if (planFile == null || outputFile == null) {
            err.println("usage: " + FLAG + " <plan.json> --output <records.json>");
            return 2;
        }
        LoadPlan plan;
        try {
            plan = PlanJson.read(Files.readString(Path.of(planFile)));
        } catch (IOException | RuntimeException e) {
            err.println("cannot read the plan " + planFile + ": " + e.getMessage());
            return 2;
        }
        return execute(plan, Path.of(outputFile), out, err);
    }

    static int execute(LoadPlan plan, Path output, PrintStream out, PrintStream err) {
        InferenceClient client = InferenceClient.forThisMachine();
        BenchmarkRunner runner = new BenchmarkRunner(client, MAX_IN_FLIGHT);
        Collector collector = new Collector(out);
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (written.getCount() > 0) {
                err.println("stopping: aborting requests in flight and writing the records so far");
                runner.cancel();
                try {
                    written.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "hpc-client-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(Locale.ROOT, "benchmark of %s%s (%s%s), steps %s%n", plan.baseUrl(), plan.api().path(), plan.model() == null ? "first model" : plan.model(),
                plan.stream() ? ", streaming" : "", plan.steps().stream().map(LoadStep::label).toList());
        Thread progress = new Thread(collector::reportProgress, "hpc-client-progress");
        progress.setDaemon(true);
        progress.start();
        BenchmarkRunner.Result result;
        try {
            result = runner.run(plan, collector);
        } catch (RuntimeException e) {
            result = new BenchmarkRunner.Result(BenchmarkRunner.Outcome.FAILED, "the run failed: " + e);
        }
        progress.interrupt();
        RecordsFile records = new RecordsFile(result.outcome().name(), result.reason(), collector.model, collector.steps(),
                collector.records());
        try {
            records.write(output);
        } catch (IOException e) {
            err.println("cannot write " + output + ": " + e.getMessage());
            written.countDown();
            return 1;
        }
        written.countDown();
        summary(plan, records, out);
        out.printf("%s; %d request records in %s%n", result.outcome(), records.requests().size(), output);
        if (result.reason() != null) {
            out.println(result.reason());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is running and lets the JVM end once the records are written.
        }
        client.close();
        return result.outcome() == BenchmarkRunner.Outcome.FAILED ? 1 : 0;
    }

    /** vLLM's summary layout, one block per step. */
    static void summary(LoadPlan plan, RecordsFile records, PrintStream out) {
        for (RecordsFile.Step step : records.steps()) {
            StepMetrics metrics = new StepMetrics(step.step(), plan.steps().get(step.step()), plan.percentiles(), plan.slos());
            records.requests().stream().filter(r -> r.step() == step.step()).forEach(metrics::add);
            Map<String, Object> result = metrics.result(step.durationUs());
            out.println("============ Serving Benchmark Result (" + result.get("load") + ") ============");
            line(out, "Successful requests:", result.get("completed"));
            line(out, "Failed requests:", result.get("failed"));
            line(out, "Benchmark duration (s):", result.get("duration"));
            line(out, "Total input tokens:", result.get("total_input_tokens"));
            line(out, "Total generated tokens:", result.get("total_output_tokens"));
            line(out, "Request throughput (req/s):", result.get("request_throughput"));
            if (result.get("request_goodput") != null) {
                line(out, "Request goodput (req/s):", result.get("request_goodput"));
            }
            line(out, "Output token throughput (tok/s):", result.get("output_throughput"));
            line(out, "Total Token throughput (tok/s):", result.get("total_token_throughput"));
            for (String[] latency : new String[][] {{"ttft", "Time to First Token"}, {"tpot", "Time per Output Token (excl. 1st token)"},
                    {"itl", "Inter-token Latency"}, {"e2el", "End-to-end Latency"}}) {
                out.println("-".repeat(15) + latency[1] + "-".repeat(Math.max(3, 35 - latency[1].length())));
                line(out, "Mean " + latency[0].toUpperCase(Locale.ROOT) + " (ms):", result.get("mean_" + latency[0] + "_ms"));
                line(out, "Median " + latency[0].toUpperCase(Locale.ROOT) + " (ms):", result.get("median_" + latency[0] + "_ms"));
                for (double p : plan.percentiles()) {
                    String label = StepMetrics.percentileLabel(p);
                    line(out, "P" + label + " " + latency[0].toUpperCase(Locale.ROOT) + " (ms):", result.get("p" + label + "_" + latency[0] + "_ms"));
                }
            }
            out.println("=".repeat(50));
        }
    }

    private static void line(PrintStream out, String label, Object value) {
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
        out.printf(Locale.ROOT, "%-40s%10s%n", label, text);
    }

    /** Keeps every record in memory (the job writes them once, at the end) and counts progress. */
    private static final class Collector implements RunSink {

        private final PrintStream out;
        private final List<RequestRecord> records = Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, Instant> starts = new ConcurrentHashMap<>();
        private final Map<Integer, Long> durations = new ConcurrentHashMap<>();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private volatile String model;
        private volatile int step = -1;

        Collector(PrintStream out) {
            this.out = out;
        }

        @Override
        public void modelResolved(String resolved) {
            model = resolved;
        }

        @Override
        public void stepStarted(int index, LoadStep load, Instant startedAt) {
            starts.put(index, startedAt);
            step = index;
            out.println("step " + index + " (" + load.label() + ") started");
        }

        @Override
        public void requestSent(int index) {
            sent.incrementAndGet();
        }

        @Override
        public void requestFinished(RequestRecord record) {
            records.add(record);
            if (!record.success()) {
                failed.incrementAndGet();
            }
        }

        @Override
        public void stepFinished(int index, long durationUs) {
            durations.put(index, durationUs);
        }

        void reportProgress() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(PROGRESS_EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                int done = records.size();
                out.printf(Locale.ROOT, "progress: step %d, %d sent, %d done (%d failed), %d in flight%n", step, sent.get(), done, failed.get(),
                        Math.max(0, sent.get() - done));
            }
        }

        List<RecordsFile.Step> steps() {
            List<RecordsFile.Step> steps = new ArrayList<>();
            starts.keySet().stream().sorted().forEach(index -> steps.add(new RecordsFile.Step(index, starts.get(index), durations.get(index))));
            return steps;
        }

        List<RequestRecord> records() {
            synchronized (records) {
                List<RequestRecord> copy = new ArrayList<>(records);
                copy.sort(java.util.Comparator.comparingInt(RequestRecord::step).thenComparingInt(RequestRecord::seq));
                return copy;
            }
        }
    }
}
