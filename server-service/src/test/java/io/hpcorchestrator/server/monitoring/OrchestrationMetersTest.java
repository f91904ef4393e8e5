package io.hpcorchestrator.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrchestrationMetersTest {

    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static ServiceRecord service(ServiceState status, String reason) {
        return new ServiceRecord("svc-0123456789ab", "inference/vllm", "vllm-0123456789ab", 42L, status, reason, "{}", "#!/bin/bash\n",
                "/w/o", "/w/e", "/w", "/health", 8000, "vm", "127.0.0.1", 8000, null, false, null, null, T0, T0, T0, null, null, null, 0);
    }

    @Test
    void reachingRunningRecordsTheTimeSinceSubmission() {
        ServiceRecord starting = service(ServiceState.STARTING, "WaitingForReadiness");
        OrchestrationMeters.changed(meters, starting, starting.withStatus(ServiceState.RUNNING, null, T0.plusSeconds(42)));
        var timer = meters.get("hpc.services.time.to.running").tag("recipe", "inference/vllm").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void failuresAreCountedByTheReasonsConstantNotItsText() {
        ServiceRecord running = service(ServiceState.RUNNING, null);
        OrchestrationMeters.changed(meters, running, running.withStatus(ServiceState.FAILED, "NonZeroExitCode: exit code 3", T0));
        OrchestrationMeters.changed(meters, running, running.withStatus(ServiceState.FAILED, "NonZeroExitCode: exit code 7", T0));
        OrchestrationMeters.changed(meters, running, running.withStatus(ServiceState.FAILED, "TIMEOUT", T0));
        assertThat(meters.get("hpc.services.failures").tag("reason", "NonZeroExitCode").counter().count()).isEqualTo(2);
        assertThat(meters.get("hpc.services.failures").tag("reason", "TIMEOUT").counter().count()).isEqualTo(1);
        assertThat(meters.find("hpc.services.time.to.running").timer()).isNull();
    }

    @Test
    void aRequeueOfAStartedJobCountsOneRestart() {
        ServiceRecord running = service(ServiceState.RUNNING, null);
        ServiceRecord requeued = running.withReason("Requeued: PENDING", T0);
        OrchestrationMeters.changed(meters, running, requeued);
        OrchestrationMeters.changed(meters, requeued, requeued.withReason("Requeued: PENDING", T0.plusSeconds(2)));
        assertThat(meters.get("hpc.services.restarts").counter().count()).isEqualTo(1);
    }

    @Test
    void reasonClassesAreShortConstants() {
        assertThat(OrchestrationMeters.reasonClass("SubmitRejected: Invalid partition name specified")).isEqualTo("SubmitRejected");
        assertThat(OrchestrationMeters.reasonClass("OUT_OF_MEMORY")).isEqualTo("OUT_OF_MEMORY");
        assertThat(OrchestrationMeters.reasonClass(null)).isEqualTo("None");
        assertThat(OrchestrationMeters.reasonClass("exit 3 <script>")).isEqualTo("Other");
    }
}
