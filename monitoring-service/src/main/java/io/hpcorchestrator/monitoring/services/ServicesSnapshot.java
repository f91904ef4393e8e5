package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.api.server.TargetGroup;
import java.time.Instant;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.Role;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The server's services and scrape targets as one poll read them. */
public record ServicesSnapshot(Instant at, List<ServiceSummary> services, List<TargetGroup> targets) {

    public ServicesSnapshot {
        services = List.copyOf(services);
        targets = List.copyOf(targets);
    }

    /** This read as {@code caller} may see it: a user their own services, admins and the suite's services all. */
    public ServicesSnapshot visibleTo(Caller caller) {
        if (caller.seesEverything()) {
            return this;
        }
        return new ServicesSnapshot(at, services.stream().filter(service -> caller.canSee(service.owner())).toList(), targetsOf(caller));
    }

    /**
     * The target groups {@code caller} may see. Prometheus (the scrape token) discovers every target, as do admins
     * and the suite's services; a user sees the targets of their own services only.
     */
    public List<TargetGroup> targetsOf(Caller caller) {
        if (caller.role() == Role.SCRAPE || caller.seesEverything()) {
            return targets;
        }
        Map<String, String> owners = services.stream().filter(service -> service.owner() != null)
                .collect(Collectors.toMap(ServiceSummary::id, ServiceSummary::owner, (first, second) -> first));
        return targets.stream().filter(group -> Objects.equals(owners.get(group.labels().get("service_id")), caller.name())).toList();
    }
}
