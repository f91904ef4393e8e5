package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.api.server.TargetGroup;
import java.time.Instant;
import java.util.List;

/** The server's services and scrape targets as one poll read them. */
public record ServicesSnapshot(Instant at, List<ServiceSummary> services, List<TargetGroup> targets) {

    public ServicesSnapshot {
        services = List.copyOf(services);
        targets = List.copyOf(targets);
    }
}
