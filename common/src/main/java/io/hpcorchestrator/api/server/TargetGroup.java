package io.hpcorchestrator.api.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One entry of a Prometheus HTTP service-discovery answer: {@code [{"targets": ["host:port"], "labels": {...}}]}.
 * The suite lists one group per RUNNING service with a metrics path; its target is the server, and the labels
 * carry {@code __metrics_path__} (the server's {@code /api/v1/services/{id}/metrics}) and the service's labels.
 *
 * @param targets {@code host:port} of whatever Prometheus scrapes
 * @param labels  labels of every target in the group; names starting with {@code __} steer the scrape
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetGroup(List<String> targets, Map<String, String> labels) {

    public TargetGroup {
        targets = targets == null ? List.of() : List.copyOf(targets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
