package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.schedule.RepeatingTask;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.server.service.ServiceState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RUNNING inference services (recipes in the {@code inference} category), the models each serves, and
 * the requests each has outstanding. Re-read in the background every {@code hpc.gateway.refresh}, so routing a
 * request costs no database or model lookup; a service that has just become RUNNING is asked for its models
 * on first use. A miss (unknown service or model) re-reads at once before answering, so a service the API already
 * reports RUNNING is never refused for the few seconds until the next background refresh.
 */
@Component
class InferenceCatalog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InferenceCatalog.class);
    static final String CATEGORY = "inference";

    /** A service requests can go to. {@code outstanding} counts requests in flight, for balancing. */
    record Target(ServiceRecord service, URI base, AtomicInteger outstanding) {
    }

    private record Models(List<JsonNode> entries, Set<String> ids, Instant fetchedAt) {
    }

    private final ServiceRepository repository;
    private final ServiceAccess access;
    private final GatewayProperties properties;
    private final CloseableHttpClient http;
    private final RequestConfig modelsRequest;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Models> models = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final RepeatingTask refresher;
    private volatile List<Target> running = List.of();

    InferenceCatalog(ServiceRepository repository, ServiceAccess access, GatewayProperties properties, CloseableHttpClient http,
            JsonMapper json, Clock clock) {
        this.repository = repository;
        this.access = access;
        this.properties = properties;
        this.http = http;
        // A model list is small and quick: a service that takes longer than a connection is not ready to route to.
        this.modelsRequest = RequestConfig.custom().setResponseTimeout(Timeout.of(properties.connectTimeout())).build();
        this.json = json;
        this.clock = clock;
        this.refresher = RepeatingTask.withDelay("gateway-refresh", properties.refresh(), this::refresh);
    }

    /** Re-reads the running services, drops what belonged to ended ones, and renews stale model lists. */
    synchronized void refresh() {
        List<Target> targets = new ArrayList<>();
        List<ServiceRecord> runningServices = repository.findByStatus(ServiceState.RUNNING);
        for (ServiceRecord service : runningServices) {
            if (!service.recipeName().startsWith(CATEGORY + "/") || service.endpoint().isEmpty()) {
                continue;
            }
            try {
                targets.add(new Target(service, access.baseUri(service), outstanding.computeIfAbsent(service.id(), id -> new AtomicInteger())));
            } catch (RuntimeException e) {
                log.warn("service {} cannot be reached: {}", service.id(), e.getMessage());
            }
        }
        running = List.copyOf(targets);
        Set<String> ids = targets.stream().map(target -> target.service().id()).collect(Collectors.toSet());
        models.keySet().retainAll(ids);
        outstanding.keySet().retainAll(ids);
        // Tunnels also serve other RUNNING services (their metrics are read through them): only ended ones close.
        access.retainOnly(runningServices.stream().filter(service -> service.endpoint().isPresent())
                .map(ServiceAccess::key).collect(Collectors.toSet()));
        Instant stale = clock.instant().minus(properties.modelsTtl());
        for (Target target : targets) {
            Models known = models.get(target.service().id());
            if (known == null || known.fetchedAt().isBefore(stale)) {
                fetchModels(target);
            }
        }
    }

    List<Target> running() {
        return running;
    }

    Optional<Target> running(String serviceId) {
        Optional<Target> found = findRunning(serviceId);
        if (found.isEmpty()) {
            refresh();
            found = findRunning(serviceId);
        }
        return found;
    }

    private Optional<Target> findRunning(String serviceId) {
        return running.stream().filter(target -> target.service().id().equals(serviceId)).findFirst();
    }

    /** The running service of {@code caller}'s (an admin's: any) serving {@code model} with the fewest requests in flight. */
    Optional<Target> pick(String model, Caller caller) {
        Optional<Target> found = leastBusy(model, caller);
        if (found.isEmpty()) {
            refresh();
            found = leastBusy(model, caller);
        }
        return found;
    }

    private Optional<Target> leastBusy(String model, Caller caller) {
        return running.stream()
                .filter(target -> caller.canSee(target.service().owner()))
                .filter(target -> modelIds(target).contains(model))
                .min(Comparator.comparingInt(target -> target.outstanding().get()));
    }

    /** Every model served by a running service {@code caller} may use, each once. */
    List<JsonNode> allModels(Caller caller) {
        Map<String, JsonNode> union = new LinkedHashMap<>();
        for (Target target : running) {
            if (!caller.canSee(target.service().owner())) {
                continue;
            }
            for (JsonNode entry : modelEntries(target)) {
                union.putIfAbsent(entry.path("id").asString(), entry);
            }
        }
        return List.copyOf(union.values());
    }

    List<JsonNode> modelEntries(Target target) {
        Models known = models.get(target.service().id());
        return known != null ? known.entries() : fetchModels(target).entries();
    }

    Set<String> modelIds(Target target) {
        Models known = models.get(target.service().id());
        return known != null ? known.ids() : fetchModels(target).ids();
    }

    private Models fetchModels(Target target) {
        try {
            HttpGet request = new HttpGet(target.base().resolve("/v1/models"));
            request.setConfig(modelsRequest);
            String body = http.execute(request, response -> {
                if (response.getCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.getCode());
                }
                return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            });
            List<JsonNode> entries = new ArrayList<>();
            json.readTree(body).path("data").forEach(entries::add);
            Models fetched = new Models(List.copyOf(entries),
                    entries.stream().map(entry -> entry.path("id").asString()).collect(Collectors.toUnmodifiableSet()), clock.instant());
            models.put(target.service().id(), fetched);
            return fetched;
        } catch (Exception e) {
            log.warn("models of service {} could not be read: {}", target.service().id(), e.getMessage());
            return models.getOrDefault(target.service().id(), new Models(List.of(), Set.of(), Instant.MIN));
        }
    }

    @Override
    public void start() {
        refresher.start();
    }

    @Override
    public void stop() {
        refresher.stop();
    }

    @Override
    public boolean isRunning() {
        return refresher.isRunning();
    }
}
