package io.hpcorchestrator.monitoring.status;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.monitoring.cluster.ClusterSnapshot;
import io.hpcorchestrator.monitoring.services.ServicesSnapshot;
import io.hpcorchestrator.slurm.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the status page shows, from the last cluster sample and the last read of the server: nothing here calls SLURM
 * or the server, so reloading the page costs neither.
 *
 * @param clusterSampledAt null until the cluster has been sampled once
 * @param servicesReadAt   null until the server has been read once
 * @param services         services that have not ended, or ended within the retention, newest first, at most {@link #MAX_SERVICES}
 * @param servicesHidden   how many more there are
 */
public record StatusView(
        Instant clusterSampledAt,
        boolean clusterFailing,
        Instant servicesReadAt,
        boolean serverFailing,
        Map<String, Integer> nodeStates,
        List<Node> nodes,
        Map<String, Integer> serviceStates,
        List<Service> services,
        int servicesHidden) {

    static final int MAX_SERVICES = 500;

    public record Node(String name, String state, List<String> partitions, int cpus, int allocatedCpus, int gpus, int allocatedGpus,
            String reason) {
    }

    public record Service(String id, String recipe, String status, String reason, String node, Long jobId, String endpoint, Instant updatedAt) {
    }

    static StatusView of(ClusterSnapshot cluster, boolean clusterFailing, ServicesSnapshot servers, boolean serverFailing, Instant now,
            Duration endedRetention) {
        Map<String, Integer> nodeStates = new TreeMap<>();
        List<Node> nodes = cluster == null ? List.of() : cluster.nodes().stream().map(node -> node(cluster, node)).toList();
        nodes.forEach(node -> nodeStates.merge(node.state(), 1, Integer::sum));
        Map<String, Integer> serviceStates = new TreeMap<>();
        List<Service> shown = servers == null ? List.of() : servers.services().stream()
                .filter(service -> tracked(service, now, endedRetention))
                .map(StatusView::service)
                .toList();
        shown.forEach(service -> serviceStates.merge(service.status(), 1, Integer::sum));
        return new StatusView(cluster == null ? null : cluster.at(), clusterFailing, servers == null ? null : servers.at(), serverFailing,
                nodeStates, nodes, serviceStates, shown.subList(0, Math.min(MAX_SERVICES, shown.size())),
                Math.max(0, shown.size() - MAX_SERVICES));
    }

    private static Node node(ClusterSnapshot cluster, NodeInfo node) {
        return new Node(node.name(), ClusterSnapshot.stateOf(node), cluster.partitionsOf(node), node.cpus(), node.allocatedCpus(),
                ClusterSnapshot.gpus(node), ClusterSnapshot.allocatedGpus(node), node.reason());
    }

    private static Service service(ServiceSummary service) {
        return new Service(service.id(), service.recipeName(), service.status(), service.reason(), service.node(), service.jobId(),
                service.endpoint(), service.updatedAt());
    }

    private static boolean tracked(ServiceSummary service, Instant now, Duration endedRetention) {
        if (!service.isTerminal()) {
            return true;
        }
        Instant ended = service.endedAt() != null ? service.endedAt() : service.updatedAt();
        return ended != null && ended.isAfter(now.minus(endedRetention));
    }
}
