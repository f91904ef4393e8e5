package io.hpcorchestrator.client.security;

import io.hpcorchestrator.client.benchmark.BenchmarkRecord;
import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.benchmark.BenchmarkService;
import io.hpcorchestrator.client.benchmark.BenchmarkStatus;
import io.hpcorchestrator.client.testing.Simulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Benchmarks and client groups that stay active for as long as a test needs them, with nothing to answer them. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * A benchmark that stays RUNNING (or PENDING behind another) for an hour: without warm-up, its first request goes
     * to a closed port and fails at once, the next is due in about a quarter of an hour. It needs no target; DELETE
     * ends it.
     */
    static String idleBenchmark() {
        return "{\"target\": {\"url\": \"http://127.0.0.1:" + Simulator.freePort() + "\", \"model\": \"m\"}, "
                + "\"dataset\": {\"input_len\": 8, \"output_len\": 4}, \"load\": {\"request_rate\": 0.001}, \"stop\": {\"duration_seconds\": 3600, \"warmup_requests\": 0}}";
    }

    /**
     * A client group of {@code owner}'s as the service stores it while its job is being submitted, put straight into the
     * database: starting one through the API needs a server and a cluster. {@code plan} is any stored benchmark's.
     */
    static String storeActiveClientGroup(BenchmarkRepository repository, String owner, String plan) {
        String id = BenchmarkService.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.insert(new BenchmarkRecord(id, "client group of svc-0123456789ab", BenchmarkRecord.SLURM, BenchmarkStatus.PENDING,
                "submitting the job", plan, "{\"service_id\": \"svc-0123456789ab\"}", "http://127.0.0.1:9", "svc-0123456789ab", "m", null, null,
                "hpc-client-" + id.substring(3), "/tmp/hpc-client-" + id.substring(3) + ".records.json", false, null, now, now, null, null, owner));
        return id;
    }
}
