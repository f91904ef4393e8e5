package io.hpcorchestrator.server.cluster;

import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.slurm.SlurmClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cluster")
@Tag(name = "cluster", description = "The SLURM cluster the suite deploys to")
class ClusterController {

    private final SlurmClient slurm;
    private final ServiceRepository services;

    ClusterController(SlurmClient slurm, ServiceRepository services) {
        this.slurm = slurm;
        this.services = services;
    }

    @GetMapping
    @Operation(summary = "Describe the cluster",
            description = "Partitions and nodes as SLURM reports them (two SLURM calls), and the suite's unfinished services by state.")
    ClusterView describe() {
        Map<String, Long> byState = services.findActive().stream()
                .collect(Collectors.groupingBy(service -> service.status().name(), TreeMap::new, Collectors.counting()));
        return new ClusterView(slurm.transport(), slurm.partitions(), slurm.nodes(), byState);
    }
}
