package io.hpcorchestrator.client.metrics;

import java.util.List;

/**
 * The per-request figures goodput can be limited on, as vLLM's {@code --goodput ttft:200 tpot:50 e2el:2000}: a
 * request is good when every given figure is at most its limit in milliseconds.
 */
public final class SloMetric {

    public static final List<String> NAMES = List.of("ttft_ms", "tpot_ms", "e2el_ms");

    private SloMetric() {
    }

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
