package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.report.CsvExport;
import io.hpcorchestrator.client.report.HtmlReport;
import io.hpcorchestrator.client.web.AuditedCalls;
import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1/benchmarks")
@Tag(name = "benchmarks", description = "Benchmark campaigns against inference services, with vLLM's metrics")
class BenchmarkController {

    /** Reports may be opened from anywhere; they load nothing and run nothing. */
    private static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final BenchmarkService benchmarks;
    private final BenchmarkCancellation cancellation;
    private final AuditedCalls audited;

    BenchmarkController(BenchmarkService benchmarks, BenchmarkCancellation cancellation, AuditedCalls audited) {
        this.benchmarks = benchmarks;
        this.cancellation = cancellation;
        this.audited = audited;
    }

    @PostMapping
    @Operation(summary = "Start a benchmark",
            description = "Validates the request, resolves the target (a RUNNING service of the server, or a URL) and its model, and "
                    + "queues the run: 201 with the benchmark, PENDING until the one before it has ended. 400 names every field at "
                    + "fault (a service of another user is unknown); 409 when the service is not RUNNING; 422 when the target does not "
                    + "list a model; 429 when the caller already has `hpc.limits.active-benchmarks-per-user` queued or running; 503 when "
                    + "the server cannot be asked.")
    ResponseEntity<BenchmarkView> create(Caller caller, @RequestBody BenchmarkRequest request) {
        BenchmarkView view = audited.run(caller, "benchmark.start", requested(request), () -> benchmarks.create(request, caller),
                created -> new AuditedCalls.Entry(created.id(), "against " + requested(request)));
        return ResponseEntity.created(URI.create("/api/v1/benchmarks/" + view.id())).body(view);
    }

    /** The target as asked for: what an audit event names before a benchmark id exists. */
    private static String requested(BenchmarkRequest request) {
        if (request == null || request.target() == null) {
            return "(no target)";
        }
        return request.target().serviceId() != null ? "service " + request.target().serviceId() : "url " + withoutCredentials(request.target().url());
    }

    /** A refused URL may carry a password someone pasted: the audit trail keeps scheme, host, port and path only. */
    private static String withoutCredentials(String url) {
        if (url == null) {
            return "(none)";
        }
        try {
            URI uri = new URI(url);
            return uri.getRawUserInfo() == null && uri.getRawQuery() == null ? url
                    : new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return "(not a URL)";
        }
    }

    @GetMapping
    @Operation(summary = "List benchmarks",
            description = "The caller's own (an admin's: everyone's), newest first; `status` and `runner` (`local`, `slurm`) filter.")
    List<BenchmarkView> list(Caller caller, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(required = false) String status, @RequestParam(required = false) String runner) {
        return benchmarks.list(limit, offset, status, runner, caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a benchmark", description = "Status and progress: requests done of total, in flight, elapsed, ETA.")
    BenchmarkView get(Caller caller, @PathVariable String id) {
        benchmarks.find(id, caller);
        return benchmarks.get(id);
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "Read a benchmark's results",
            description = "vLLM's result keys per load step (`mean_ttft_ms`, `p99_itl_ms`, `request_throughput`, ...), and at the top "
                    + "level too for a benchmark of one step. `partial` is true until it has COMPLETED; while it runs, the figures "
                    + "cover the requests stored so far.")
    Map<String, Object> results(Caller caller, @PathVariable String id) {
        benchmarks.find(id, caller);
        return benchmarks.results(id);
    }

    @GetMapping(value = "/{id}/results.csv", produces = "text/csv")
    @Operation(summary = "Read a benchmark's requests as CSV", description = "One row per measured request, times in ms.")
    ResponseEntity<StreamingResponseBody> csv(Caller caller, @PathVariable String id) {
        benchmarks.find(id, caller);
        StreamingResponseBody body = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            CsvExport.write(writer, consumer -> benchmarks.forEachRequest(id, consumer));
            writer.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + id + ".csv\"").body(body);
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "Read a benchmark's report",
            description = "A self-contained HTML page (inline SVG, no scripts, nothing loaded from elsewhere): summary, latency CDFs, "
                    + "TTFT and TPOT over time, and throughput and latency against load for sweeps.")
    ResponseEntity<String> report(Caller caller, @PathVariable String id) {
        BenchmarkRecord record = benchmarks.find(id, caller);
        String html = HtmlReport.render(benchmarks.get(id), benchmarks.results(id), benchmarks.stepMetrics(record),
                consumer -> benchmarks.forEachRequest(id, consumer), benchmarks.countRequests(id));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Content-Security-Policy", REPORT_POLICY).header("X-Content-Type-Options", "nosniff").body(html);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a benchmark",
            description = "A queued one ends at once; a running one stops sending and aborts its requests in flight; one run as a "
                    + "SLURM job has its job cancelled. Results keep every request that had ended. An ended benchmark is left as it is.")
    BenchmarkView cancel(Caller caller, @PathVariable String id) {
        return audited.run(caller, "benchmark.cancel", id, () -> {
            benchmarks.find(id, caller);
            return cancellation.cancel(id);
        }, view -> new AuditedCalls.Entry(id, "status " + view.status()));
    }
}
