package io.hpcorchestrator.server.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.reconciler.*}.
 *
 * @param enabled      whether the loop runs (off only in tests that drive cycles themselves)
 * @param interval     pause between cycles
 * @param probeTimeout connect and read timeout of one readiness probe
 * @param probeThreads readiness probes run in parallel on this many threads
 */
@ConfigurationProperties("hpc.reconciler")
public record ReconcilerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration interval,
        @DefaultValue("2s") Duration probeTimeout,
        @DefaultValue("8") int probeThreads) {
}
