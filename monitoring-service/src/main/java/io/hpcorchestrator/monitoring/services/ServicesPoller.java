package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.api.server.TargetGroup;
import io.hpcorchestrator.monitoring.MonitoringProperties;
import io.hpcorchestrator.schedule.RepeatingTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the server's services and scrape targets every {@code hpc.monitoring.server.poll-interval} on a thread of its
 * own. Gauges, targets and the status page use the last complete read; while the server does not answer they keep
 * it, and {@code hpc_monitoring_server_up} says so.
 */
@Component
public class ServicesPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServicesPoller.class);

    private final ServerApiClient server;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ServiceGauges gauges;
    private final AtomicReference<ServicesSnapshot> latest = new AtomicReference<>();
    private final AtomicInteger tracked = new AtomicInteger();
    private volatile boolean failing;
    private final RepeatingTask loop;

    ServicesPoller(ServerApiClient server, MonitoringProperties properties, Clock clock, MeterRegistry meters) {
        this.server = server;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.gauges = new ServiceGauges(meters);
        Gauge.builder("hpc.monitoring.server.up", this, poller -> poller.failing || poller.latest.get() == null ? 0 : 1)
                .description("1 when the last read of the server's services succeeded").register(meters);
        Gauge.builder("hpc.monitoring.services.tracked", tracked, AtomicInteger::get)
                .description("Services with an hpc_service_state series of their own").register(meters);
        this.loop = RepeatingTask.withDelay("server-poller", properties.server().pollInterval(), this::pollQuietly);
    }

    /** One read of every service, page by page, and of the targets; published to the gauges. */
    public ServicesSnapshot poll() {
        Timer.Sample timing = Timer.start(meters);
        String outcome = "success";
        try {
            Map<String, ServiceSummary> services = new LinkedHashMap<>();
            for (int offset = 0; ; offset += ServerApiClient.MAX_PAGE_SIZE) {
                List<ServiceSummary> page = server.listServices(ServerApiClient.MAX_PAGE_SIZE, offset);
                if (page == null) {
                    throw new IllegalStateException("the server answered an empty body");
                }
                // A service seen on two pages (the list shifted under us) counts once.
                page.forEach(service -> services.putIfAbsent(service.id(), service));
                if (page.size() < ServerApiClient.MAX_PAGE_SIZE) {
                    break;
                }
            }
            List<TargetGroup> targets = server.targets();
            ServicesSnapshot snapshot = new ServicesSnapshot(clock.instant(), List.copyOf(services.values()),
                    targets == null ? List.of() : targets);
            tracked.set(gauges.publish(snapshot.services(), snapshot.at(), properties.services().endedRetention()));
            latest.set(snapshot);
            return snapshot;
        } catch (RuntimeException e) {
            outcome = "failure";
            throw e;
        } finally {
            timing.stop(Timer.builder("hpc.monitoring.server.polls").description("Reads of the server's services and targets")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private void pollQuietly() {
        try {
            poll();
            if (failing) {
                log.info("the server at {} answers again", properties.server().url());
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot read the services of the server at {}: {}; keeping the last read", properties.server().url(), e.getMessage());
            }
            failing = true;
        }
    }

    public Optional<ServicesSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    public boolean failing() {
        return failing;
    }

    @Override
    public void start() {
        if (properties.server().enabled()) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
