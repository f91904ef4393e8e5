package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.monitoring.GaugeFamily;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The services as gauges: how many are in each state per recipe, failed ones by reason, and, for each service that
 * has not ended (or ended within the retention), its state as a number for Grafana's state timeline.
 */
final class ServiceGauges {

    /** {@code hpc_service_state}'s values: the lifecycle's order, so "less than 4" means "not ready yet". */
    static final List<String> STATES = List.of("SUBMITTING", "PENDING", "BUILDING", "STARTING", "RUNNING", "COMPLETED", "FAILED",
            "CANCELLED");
    private static final Pattern REASON_CLASS = Pattern.compile("[A-Za-z][A-Za-z_]{0,39}");

    private final GaugeFamily byState;
    private final GaugeFamily failed;
    private final GaugeFamily state;

    ServiceGauges(MeterRegistry meters) {
        byState = GaugeFamily.register(meters, "hpc.services", "The server's services by state and recipe");
        failed = GaugeFamily.register(meters, "hpc.services.failed", "FAILED services by recipe and reason (the constant before its colon)");
        state = GaugeFamily.register(meters, "hpc.service.state",
                "Each service's state: 0 SUBMITTING, 1 PENDING, 2 BUILDING, 3 STARTING, 4 RUNNING, 5 COMPLETED, 6 FAILED, 7 CANCELLED");
    }

    /** @return how many services have a series of their own */
    int publish(List<ServiceSummary> services, Instant now, Duration endedRetention) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, Map<String, Integer>> failures = new TreeMap<>();
        Map<Tags, Integer> stateRows = new LinkedHashMap<>();
        for (ServiceSummary service : services) {
            String recipe = String.valueOf(service.recipeName());
            String status = String.valueOf(service.status());
            counts.computeIfAbsent(recipe, r -> new TreeMap<>()).merge(status, 1, Integer::sum);
            if (status.equals("FAILED")) {
                failures.computeIfAbsent(recipe, r -> new TreeMap<>()).merge(reasonClass(service.reason()), 1, Integer::sum);
            }
            if (tracked(service, now, endedRetention) && STATES.contains(status)) {
                stateRows.put(Tags.of("service_id", service.id(), "recipe", recipe, "category", category(recipe)),
                        STATES.indexOf(status));
            }
        }
        Map<Tags, Integer> stateCounts = new LinkedHashMap<>();
        counts.forEach((recipe, byStatus) -> byStatus.forEach((status, count) ->
                stateCounts.put(Tags.of("recipe", recipe, "state", status), count)));
        byState.publish(stateCounts);
        Map<Tags, Integer> failureRows = new LinkedHashMap<>();
        failures.forEach((recipe, byReason) -> byReason.forEach((reason, count) ->
                failureRows.put(Tags.of("recipe", recipe, "reason", reason), count)));
        failed.publish(failureRows);
        state.publish(stateRows);
        return stateRows.size();
    }

    static boolean tracked(ServiceSummary service, Instant now, Duration endedRetention) {
        if (!service.isTerminal()) {
            return true;
        }
        Instant ended = service.endedAt() != null ? service.endedAt() : service.updatedAt();
        return ended != null && ended.isAfter(now.minus(endedRetention));
    }

    static String category(String recipe) {
        int slash = recipe.indexOf('/');
        return slash > 0 ? recipe.substring(0, slash) : "";
    }

    /** As the server labels failures: {@code NonZeroExitCode: exit code 3} is {@code NonZeroExitCode}. */
    static String reasonClass(String reason) {
        if (reason == null || reason.isBlank()) {
            return "None";
        }
        String head = reason.split(":", 2)[0].strip();
        return REASON_CLASS.matcher(head).matches() ? head : "Other";
    }
}
