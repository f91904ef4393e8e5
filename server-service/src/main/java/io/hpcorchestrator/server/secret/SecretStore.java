package io.hpcorchestrator.server.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secret values by name. Values are never logged, stored or returned; every value handed out is remembered
 * so {@link #mask(String)} can hide it in text that leaves the server (job logs, for one).
 */
@Component
public class SecretStore {

    private static final String MASK = "********";
    /** Shorter values would mask ordinary words in logs. */
    private static final int MIN_MASKED_LENGTH = 4;

    private final SecretsProperties properties;
    private final Environment environment;
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

    public SecretStore(SecretsProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The values of all {@code names}, or an exception listing every missing one. */
    public Map<String, String> resolve(List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            value(name).ifPresentOrElse(value -> values.put(name, value), () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw new MissingSecretsException(missing, "set " + properties.environmentPrefix() + "<NAME>"
                    + (properties.dir() == null ? "" : " or a file " + properties.dir() + "/<NAME>"));
        }
        values.values().stream().filter(value -> value.length() >= MIN_MASKED_LENGTH).forEach(handedOut::add);
        return values;
    }

    private Optional<String> value(String name) {
        String fromEnvironment = environment.getProperty(properties.environmentPrefix() + name);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment);
        }
        if (properties.dir() == null) {
            return Optional.empty();
        }
        Path file = properties.dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            // A trailing newline is how editors save files, not part of the secret.
            String value = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file for " + name, e);
        }
    }

    /** Replaces every secret value handed out so far with a mask. */
    public String mask(String text) {
        String masked = text;
        for (String secret : handedOut) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
