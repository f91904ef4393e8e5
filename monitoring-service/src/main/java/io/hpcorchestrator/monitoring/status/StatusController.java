package io.hpcorchestrator.monitoring.status;

import io.hpcorchestrator.monitoring.MonitoringProperties;
import io.hpcorchestrator.monitoring.cluster.ClusterSampler;
import io.hpcorchestrator.monitoring.services.ServicesPoller;
import io.hpcorchestrator.slurm.SlurmClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "status", description = "The cluster's nodes and the suite's services at a glance")
class StatusController {

    private final ClusterSampler cluster;
    private final ServicesPoller services;
    private final MonitoringProperties properties;
    private final SlurmClient slurm;
    private final Clock clock;

    StatusController(ClusterSampler cluster, ServicesPoller services, MonitoringProperties properties, SlurmClient slurm, Clock clock) {
        this.cluster = cluster;
        this.services = services;
        this.properties = properties;
        this.slurm = slurm;
        this.clock = clock;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "Status page", description = "Self-contained HTML: nodes and their state, services and their state; reloads itself.")
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(StatusPage.render(view(), properties.statusPage().refresh(), slurm.transport()));
    }

    @GetMapping("/api/v1/status")
    @Operation(summary = "What the status page shows, as JSON",
            description = "The last cluster sample's nodes and the services that have not ended (or ended within the retention).")
    StatusView status() {
        return view();
    }

    private StatusView view() {
        return StatusView.of(cluster.latest().orElse(null), cluster.failing(), services.latest().orElse(null), services.failing(),
                clock.instant(), properties.services().endedRetention());
    }
}
