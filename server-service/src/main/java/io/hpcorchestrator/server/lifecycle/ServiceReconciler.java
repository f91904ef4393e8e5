package io.hpcorchestrator.server.lifecycle;

import io.hpcorchestrator.server.monitoring.OrchestrationMeters;
import io.hpcorchestrator.server.service.DeploymentService;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.server.service.ServiceState;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Moves every unfinished service towards what its job says, one cycle at a time.
 *
 * <p>Level-based and idempotent: each cycle reads the stored services and the jobs as they are now, and a
 * cycle that finds nothing new changes nothing. One {@link SlurmClient#jobs} call covers all services; node
 * addresses are read at most once per cycle, only when a service runs on a node not seen before. Services
 * left in SUBMITTING by an earlier process are finished first, without submitting anything twice. After a
 * restart the first cycle simply picks up every service where the database left it.
 */
@Component
public class ServiceReconciler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ServiceReconciler.class);

    private final ServiceRepository repository;
    private final DeploymentService deployments;
    private final SlurmClient slurm;
    private final ReadinessProbe probe;
    private final Clock clock;
    private final ReconcilerProperties properties;
    private final ExecutorService probes;
    private final Map<String, String> nodeAddresses = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastProbe = new ConcurrentHashMap<>();
    private final Timer cycleTimer;
    private final MeterRegistry meters;

    public ServiceReconciler(ServiceRepository repository, DeploymentService deployments, SlurmClient slurm, ReadinessProbe probe,
            Clock clock, ReconcilerProperties properties, MeterRegistry meters) {
        this.repository = repository;
        this.deployments = deployments;
        this.slurm = slurm;
        this.probe = probe;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
        this.probes = Executors.newFixedThreadPool(properties.probeThreads(), runnable -> {
            Thread thread = new Thread(runnable, "readiness-probe");
            thread.setDaemon(true);
            return thread;
        });
        this.cycleTimer = Timer.builder("hpc.reconcile.cycle").description("Time of one reconcile cycle").register(meters);
    }

    /** What one cycle did, for logs, tests and benchmarks. */
    public record Cycle(int services, int slurmCalls, int changed) {
    }

    /** Runs one cycle. Never throws: SLURM being unreachable postpones the cycle's work to the next one. */
    public Cycle reconcileOnce() {
        return cycleTimer.record(() -> {
            try {
                return cycle();
            } catch (SlurmException e) {
                log.warn("reconcile cycle skipped, SLURM unavailable over {}: {}", e.transport(), e.getMessage());
                meters.counter("hpc.reconcile.skipped").increment();
                return new Cycle(0, 1, 0);
            }
        });
    }

    private Cycle cycle() {
        List<ServiceRecord> active = repository.findActive();
        int calls = 0;
        int changed = 0;
        List<ServiceRecord> withJobs = new ArrayList<>();
        for (ServiceRecord service : active) {
            if (service.jobId() != null) {
                withJobs.add(service);
            } else if (!deployments.isInFlight(service.id())) {
                ServiceRecord recovered = deployments.recover(service);
                calls += 2;
                changed += recovered.status() != service.status() || recovered.jobId() != null ? 1 : 0;
            }
        }
        if (withJobs.isEmpty()) {
            return new Cycle(active.size(), calls, changed);
        }
        Map<Long, JobInfo> jobs = slurm.jobs(withJobs.stream().map(ServiceRecord::jobId).toList()).stream()
                .collect(Collectors.toMap(JobInfo::id, Function.identity(), (a, b) -> a));
        calls++;
        calls += refreshNodeAddresses(jobs.values());

        Map<String, Future<Boolean>> readiness = startProbes(withJobs, jobs);
        for (ServiceRecord service : withJobs) {
            Optional<JobInfo> job = Optional.ofNullable(jobs.get(service.jobId()));
            if (service.cancelRequested() && job.isPresent() && !job.get().state().isFinished()) {
                deployments.cancelInSlurm(service);
                calls++;
                changed++;
                continue;
            }
            if (apply(service, job, readiness(service, job, readiness.get(service.id())))) {
                changed++;
            }
        }
        return new Cycle(active.size(), calls, changed);
    }

    /** Reads nodes only when a job runs on a node whose address is not known yet. */
    private int refreshNodeAddresses(Iterable<JobInfo> jobs) {
        boolean unknown = false;
        for (JobInfo job : jobs) {
            String node = node(job);
            if (node != null && !nodeAddresses.containsKey(node)) {
                unknown = true;
                break;
            }
        }
        if (!unknown) {
            return 0;
        }
        for (NodeInfo node : slurm.nodes()) {
            nodeAddresses.put(node.name(), node.address() == null || node.address().isBlank() ? node.name() : node.address());
        }
        return 1;
    }

    private static String node(JobInfo job) {
        JobReport report = JobReport.parse(job.comment());
        if (report.node() != null) {
            return report.node();
        }
        return job.batchHost() != null ? job.batchHost() : job.nodes().isEmpty() ? null : job.nodes().get(0);
    }

    private Map<String, Future<Boolean>> startProbes(List<ServiceRecord> services, Map<Long, JobInfo> jobs) {
        Map<String, Future<Boolean>> futures = new HashMap<>();
        Instant now = clock.instant();
        for (ServiceRecord service : services) {
            JobInfo job = jobs.get(service.jobId());
            if (job == null || !job.state().equals(io.hpcorchestrator.slurm.JobState.RUNNING) || !JobReport.parse(job.comment()).started()) {
                continue;
            }
            Optional<Endpoint> endpoint = endpoint(service, job);
            if (endpoint.isEmpty()) {
                continue;
            }
            if (!dueForProbe(service, now)) {
                continue;
            }
            lastProbe.put(service.id(), now);
            Endpoint target = endpoint.get();
            futures.put(service.id(), probes.submit(() -> probe.isReady(target.address(), target.port(), service.healthPath())));
        }
        return futures;
    }

    /** At most one probe per service per reconcile interval, however often cycles run. */
    private boolean dueForProbe(ServiceRecord service, Instant now) {
        Instant last = lastProbe.get(service.id());
        return last == null || !now.isBefore(last.plus(properties.interval()));
    }

    /** A started service with neither a port nor a health path has nothing to probe: it is ready. */
    private Optional<Boolean> readiness(ServiceRecord service, Optional<JobInfo> job, Future<Boolean> probed) {
        if (probed == null && service.healthPath() == null && service.fixedPort() == null
                && job.map(info -> JobReport.parse(info.comment())).filter(report -> report.started() && report.port() == null).isPresent()) {
            return Optional.of(true);
        }
        return verdict(probed);
    }

    private Optional<Boolean> verdict(Future<Boolean> future) {
        if (future == null) {
            return Optional.empty();
        }
        try {
            boolean ready = future.get(properties.probeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            meters.counter("hpc.readiness.probes", "outcome", ready ? "ready" : "not_ready").increment();
            return Optional.of(ready);
        } catch (Exception e) {
            future.cancel(true);
            meters.counter("hpc.readiness.probes", "outcome", "error").increment();
            return Optional.of(false);
        }
    }

    private record Endpoint(String node, String address, int port) {
    }

    private Optional<Endpoint> endpoint(ServiceRecord service, JobInfo job) {
        JobReport report = JobReport.parse(job.comment());
        String node = node(job);
        Integer port = report.port() != null ? report.port() : service.fixedPort();
        if (node == null || port == null) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(node, nodeAddresses.getOrDefault(node, node), port));
    }

    /** Stores what the job says; returns whether anything changed. */
    private boolean apply(ServiceRecord service, Optional<JobInfo> job, Optional<Boolean> ready) {
        Observation observation = JobStatusPolicy.observe(service, job, ready);
        Instant now = clock.instant();
        ServiceRecord next = service;
        if (job.isPresent() && JobReport.parse(job.get().comment()).started()) {
            Optional<Endpoint> endpoint = endpoint(service, job.get());
            if (endpoint.isPresent() && (!endpoint.get().address().equals(service.address())
                    || !Integer.valueOf(endpoint.get().port()).equals(service.port()))) {
                next = next.withEndpoint(endpoint.get().node(), endpoint.get().address(), endpoint.get().port(), now);
            }
        }
        if (observation.exitCode() != null && !observation.exitCode().equals(service.exitCode())) {
            next = next.withExitCode(observation.exitCode());
        }
        if (observation.state() != service.status()) {
            if (!service.status().canMoveTo(observation.state())) {
                log.warn("service {}: ignoring {} -> {} (not an edge of the lifecycle)", service.id(), service.status(), observation.state());
                return false;
            }
            next = next.withStatus(observation.state(), observation.reason(), now);
            meters.counter("hpc.services.transitions", "to", observation.state().name()).increment();
            log.info("service {} (job {}): {} -> {}{}", service.id(), service.jobId(), service.status(), observation.state(),
                    observation.reason() == null ? "" : " (" + observation.reason() + ")");
        } else if (!java.util.Objects.equals(observation.reason(), service.reason())) {
            next = next.withReason(observation.reason(), now);
        }
        if (next == service) {
            return false;
        }
        if (next.status().isTerminal()) {
            lastProbe.remove(service.id());
        }
        boolean written = repository.update(service, next).isPresent();
        if (written) {
            OrchestrationMeters.changed(meters, service, next);
        }
        return written;
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }
}
