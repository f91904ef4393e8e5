package io.hpcorchestrator.server.monitoring;

import io.hpcorchestrator.api.server.TargetGroup;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.Role;
import io.hpcorchestrator.server.service.ServiceNotFoundException;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.server.service.ServiceState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

@RestController
@RequestMapping("/api/v1/services")
@Tag(name = "monitoring", description = "Deployed services as Prometheus scrape targets, and their metrics through the server")
class ServiceMetricsController {

    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final ServiceRepository repository;
    private final ServiceMetrics metrics;
    private final ServiceMetricsProperties properties;

    ServiceMetricsController(ServiceRepository repository, ServiceMetrics metrics, ServiceMetricsProperties properties) {
        this.repository = repository;
        this.metrics = metrics;
        this.properties = properties;
    }

    @GetMapping("/targets")
    @Operation(summary = "Scrape targets (Prometheus HTTP service discovery, seed-compatible)",
            description = "One target group per RUNNING service with a metrics path. Each points Prometheus at this server "
                    + "(`__address__`) and the service's metrics here (`__metrics_path__`), labelled with `service_id`, "
                    + "`recipe`, `category`, `node` and `slurm_job_id`. The suite's services and admins get every target, a user "
                    + "their own services'.")
    List<TargetGroup> targets(Caller caller, HttpServletRequest request) {
        UriComponents here = ServletUriComponentsBuilder.fromContextPath(request).build();
        String address = properties.targetsAddress() != null && !properties.targetsAddress().isBlank()
                ? properties.targetsAddress().strip()
                : here.getHost() + ":" + (here.getPort() > 0 ? here.getPort() : "https".equals(here.getScheme()) ? 443 : 80);
        String contextPath = here.getPath() == null ? "" : here.getPath();
        List<ServiceRecord> running = repository.findByStatus(ServiceState.RUNNING).stream()
                .filter(service -> service.metricsPath() != null && service.endpoint().isPresent())
                .toList();
        metrics.retainOnly(running.stream().map(ServiceRecord::id).toList());
        return running.stream().filter(service -> caller.canSee(service.owner())).map(service -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__metrics_path__", contextPath + "/api/v1/services/" + service.id() + "/metrics");
            if ("https".equals(here.getScheme())) {
                labels.put("__scheme__", "https");
            }
            // Every target has the same address (this server): the service id tells them apart where the address would.
            labels.put("instance", service.id());
            ServiceLabels.of(service).forEach((name, value) -> {
                if (!value.isEmpty()) {
                    labels.put(name, value);
                }
            });
            return new TargetGroup(List.of(address), labels);
        }).toList();
    }

    @GetMapping("/{id}/metrics")
    @Operation(summary = "A service's own metrics, through the server",
            description = "The service's metrics path fetched through the server's access path (direct or SSH tunnel), in "
                    + "Prometheus text format, with `service_id`, `recipe`, `category`, `node` and `slurm_job_id` on every "
                    + "sample and the job's GPU readings appended. `hpc_service_metrics_stale` is 1 when the service did not "
                    + "answer and its last good metrics are served again. 404 for a service without a metrics path. The scrape token reads "
                    + "every service's metrics here; a user only their own.")
    ResponseEntity<?> metrics(Caller caller, @PathVariable String id) {
        // Prometheus' scrape token reads every service's metrics (the token filter keeps it to this path).
        ServiceRecord service = repository.findByIdOrJobId(id)
                .filter(found -> caller.role() == Role.SCRAPE || caller.canSee(found.owner()))
                .orElseThrow(() -> new ServiceNotFoundException(id));
        if (service.metricsPath() == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "service " + service.id() + " (" + service.recipeName() + ") has no metrics path; recipes name it in metrics.path");
            problem.setTitle("Service has no metrics");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(metrics.render(service));
    }
}
