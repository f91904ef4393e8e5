package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.TargetGroup;
import io.hpcorchestrator.monitoring.MonitoringProperties;
import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "targets", description = "Deployed services as Prometheus scrape targets")
class TargetsController {

    private final ServicesPoller poller;
    private final MonitoringProperties properties;

    TargetsController(ServicesPoller poller, MonitoringProperties properties) {
        this.poller = poller;
        this.properties = properties;
    }

    @GetMapping("/targets")
    @Operation(summary = "Scrape targets (Prometheus HTTP service discovery)",
            description = "The server's `GET /api/v1/services/targets` as last read: one target group per RUNNING service with a "
                    + "metrics path, pointing at the server (`__address__`, or `hpc.monitoring.targets.server-address`) and the "
                    + "service's metrics there (`__metrics_path__`), labelled `service_id`, `recipe`, `category`, `node`, "
                    + "`slurm_job_id`. 503 until the server has been read once; Prometheus keeps its previous targets meanwhile. "
                    + "The scrape token and admins get every target, a user the targets of their own services.")
    List<TargetGroup> targets(Caller caller) {
        ServicesSnapshot snapshot = poller.latest().orElseThrow(() -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                "the server at " + properties.server().url() + " has not been read yet"));
        String address = properties.targets().serverAddress();
        List<TargetGroup> targets = snapshot.targetsOf(caller);
        if (address == null || address.isBlank()) {
            return targets;
        }
        return targets.stream().map(group -> new TargetGroup(List.of(address.strip()), group.labels())).toList();
    }
}
