package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.schedule.RepeatingTask;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.logs.LogsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Lists the server's services every {@code hpc.logs.server.poll-interval} on a thread of its own, so a slow or absent
 * server never holds up reading files. The collector takes the newest complete listing; a failed poll leaves the
 * previous one in force and is retried at the next interval.
 */
@Component
class ServerPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServerPoller.class);

    private final ServerApiClient server;
    private final LogsProperties properties;
    private final Clock clock;
    private final Timer polls;
    private final Counter failures;
    private final AtomicReference<ServicesSnapshot> latest = new AtomicReference<>();
    private final RepeatingTask loop;
    private boolean failing;

    ServerPoller(ServerApiClient server, LogsProperties properties, Clock clock, MeterRegistry meters) {
        this.server = server;
        this.properties = properties;
        this.clock = clock;
        this.polls = Timer.builder("hpc.logs.server.polls").description("listings of the server's services").register(meters);
        this.failures = Counter.builder("hpc.logs.server.poll.failures").description("listings that failed").register(meters);
        this.loop = RepeatingTask.withDelay("server-poller", properties.server().pollInterval(), this::pollQuietly);
    }

    @Override
    public void start() {
        if (properties.collect().enabled()) {
            loop.start();
        }
    }

    private void pollQuietly() {
        try {
            latest.set(polls.recordCallable(this::poll));
            if (failing) {
                log.info("the server at {} answers again", properties.server().url());
                failing = false;
            }
        } catch (RestClientException | IllegalStateException e) {
            failures.increment();
            if (!failing) {
                // Once per outage: a server that is down for an hour would otherwise fill the log.
                log.warn("cannot list the services of the server at {}: {}; collection goes on with the last listing",
                        properties.server().url(), e.getMessage());
                failing = true;
            }
        } catch (Exception e) {
            failures.increment();
            log.error("listing the server's services failed", e);
        }
    }

    /** Every service, page by page; a service seen on two pages (the list shifted under us) counts once. */
    ServicesSnapshot poll() {
        Map<String, ServiceSummary> services = new LinkedHashMap<>();
        for (int offset = 0; ; offset += ServerApiClient.MAX_PAGE_SIZE) {
            List<ServiceSummary> page = server.listServices(ServerApiClient.MAX_PAGE_SIZE, offset);
            if (page == null) {
                throw new IllegalStateException("the server answered an empty body");
            }
            page.forEach(service -> services.putIfAbsent(service.id(), service));
            if (page.size() < ServerApiClient.MAX_PAGE_SIZE) {
                return new ServicesSnapshot(new ArrayList<>(services.values()), clock.instant());
            }
        }
    }

    /** The newest listing not taken yet. */
    Optional<ServicesSnapshot> take() {
        return Optional.ofNullable(latest.getAndSet(null));
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
