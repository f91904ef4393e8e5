package io.hpcorchestrator.logs.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

/**
 * Replaces every secret value the server could hand to a job with a mask. Unlike the server, which masks what it
 * has handed out since it started, this masks every configured value: lines are stored for days, across restarts
 * of either service.
 *
 * <p>Values come from the environment (and any other property source) under the prefix, and from the files of the
 * secrets directory, which is read again on {@link #reload()} so secrets added while running are masked too. A
 * secret of several lines is masked line by line, since lines are what is masked.
 */
@Component
public class SecretMasker {

    public static final String MASK = "********";
    /** Shorter values would mask ordinary words. */
    static final int MIN_MASKED_LENGTH = 4;

    private static final Logger log = LoggerFactory.getLogger(SecretMasker.class);

    private final SecretsProperties properties;
    private final ConfigurableEnvironment environment;
    /** Longest first, so a secret that contains another is masked whole. */
    private volatile List<String> values = List.of();

    public SecretMasker(SecretsProperties properties, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.environment = environment;
        reload();
    }

    /** Reads the secret values again. */
    public final void reload() {
        Set<String> found = new LinkedHashSet<>();
        environment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(properties.environmentPrefix()) && name.length() > properties.environmentPrefix().length()) {
                        add(found, environment.getProperty(name));
                    }
                }
            }
        });
        Path dir = properties.dir();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        // A trailing newline is how editors save files, not part of the secret (the server strips it too).
                        add(found, Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
                    }
                }
            } catch (IOException e) {
                log.warn("cannot read the secrets directory {}: {}; masking with the values read before", dir, e.getMessage());
                return;
            }
        }
        List<String> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        values = List.copyOf(sorted);
    }

    private static void add(Set<String> values, String value) {
        if (value == null) {
            return;
        }
        for (String line : value.split("\r?\n")) {
            if (line.length() >= MIN_MASKED_LENGTH) {
                values.add(line);
            }
        }
    }

    /** {@code text} with every secret value replaced by {@link #MASK}. */
    public String mask(String text) {
        String masked = text;
        for (String secret : values) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    /** How many values are masked, for the start-up log; never the values. */
    public int count() {
        return values.size();
    }
}
