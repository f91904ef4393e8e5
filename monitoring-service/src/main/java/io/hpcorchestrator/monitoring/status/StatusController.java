package io.hpcorchestrator.monitoring.status;

import io.hpcorchestrator.monitoring.MonitoringProperties;
import io.hpcorchestrator.monitoring.cluster.ClusterSampler;
import io.hpcorchestrator.monitoring.services.ServicesPoller;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.slurm.SlurmClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
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
    @Operation(summary = "Status page", description = "Self-contained HTML: nodes and their state, services and their state; reloads itself. "
            + "A user sees their own services, an admin all; the nodes are the same for everyone. Without a token (a browser) the page "
            + "holds no data: it asks for the token, keeps it in the tab and loads this page with it.")
    ResponseEntity<String> page(HttpServletRequest request) {
        Optional<Caller> caller = Caller.of(request);
        String html = caller.isEmpty() ? StatusShell.html()
                : StatusPage.render(view(caller.get()), properties.statusPage().refresh(), slurm.transport());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", caller.isEmpty() ? StatusShell.POLICY : StatusPage.POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(html);
    }

    @GetMapping("/api/v1/status")
    @Operation(summary = "What the status page shows, as JSON",
            description = "The last cluster sample's nodes and the services that have not ended (or ended within the retention): "
                    + "a user's own services, every service for an admin.")
    StatusView status(Caller caller) {
        return view(caller);
    }

    /** The cluster is everyone's to see; the services are their owners'. */
    private StatusView view(Caller caller) {
        return StatusView.of(cluster.latest().orElse(null), cluster.failing(), services.latest().map(read -> read.visibleTo(caller)).orElse(null),
                services.failing(), clock.instant(), properties.services().endedRetention());
    }
}
