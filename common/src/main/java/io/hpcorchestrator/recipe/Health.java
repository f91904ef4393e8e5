package io.hpcorchestrator.recipe;

/**
 * The readiness probe: an HTTP GET on the service's first port that must answer 2xx.
 *
 * @param path                 request path, starting with {@code /}
 * @param initialDelaySeconds  time after start before the first probe
 * @param periodSeconds        time between probes
 */
public record Health(String path, Integer initialDelaySeconds, Integer periodSeconds) {

    public Health {
        path = path == null ? "/" : path;
        initialDelaySeconds = initialDelaySeconds == null ? 0 : initialDelaySeconds;
        periodSeconds = periodSeconds == null ? 5 : periodSeconds;
    }
}
