package io.hpcorchestrator.deploy;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository under test and small readers for its deployment files. */
final class Repo {

    /** The four services, in port order: module name, port. */
    static final Map<String, Integer> SERVICES = Map.of(
            "server-service", 8001, "client-service", 8002, "monitoring-service", 8003, "logs-service", 8004);

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?message}} as compose reads them. */
    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("hpc.repo.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "docker-compose.yml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML with YAML 1.1 merge keys, as docker compose reads it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return (Map<String, Object>) new Yaml(options).load(read(relative));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** A string with every interpolation replaced by its default (empty when it has none), as with an empty .env. */
    static String withDefaults(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2) != null && m.group(2).endsWith("-") ? m.group(3) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every variable name a text interpolates. */
    static List<String> interpolatedNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = INTERPOLATION.matcher(text.replace("$$", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * An env file's assignments. With {@code includeCommented}, also the {@code #NAME=value} lines that document a
     * variable and its default (prose comments have a space after '#').
     */
    static Map<String, String> envFile(String relative, boolean includeCommented) {
        Map<String, String> values = new LinkedHashMap<>();
        Pattern assignment = Pattern.compile(includeCommented ? "^#?([A-Z_][A-Z0-9_]*)=(.*)$" : "^([A-Z_][A-Z0-9_]*)=(.*)$");
        for (String line : read(relative).split("\n")) {
            Matcher m = assignment.matcher(line.strip());
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2));
            }
        }
        return values;
    }

    /** The options of a java @argument file: '#' starts a comment, options are separated by white space. */
    static List<String> jvmOptions(String service) {
        List<String> options = new ArrayList<>();
        for (String line : read("deploy/jvm/" + service + ".options").split("\n")) {
            String text = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            for (String word : text.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    options.add(word);
                }
            }
        }
        return options;
    }

    /** A Dockerfile's instructions: continuation lines joined, comments dropped, as {@code [KEYWORD, arguments]}. */
    static List<String[]> dockerfile(String relative) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : read(relative).split("\n")) {
            String line = raw.stripTrailing();
            if (current.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new String[] {text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()});
        }
        return instructions;
    }

    static List<String> instructions(List<String[]> dockerfile, String keyword) {
        return dockerfile.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    /** The one jar a module's build left in target/, if it was built. */
    static Optional<Path> builtJar(String module) {
        Path target = path(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (var files = Files.list(target)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches(Pattern.quote(module) + "-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .toList();
            if (jars.size() > 1) {
                throw new IllegalStateException("several jars in " + target + ": " + jars);
            }
            return jars.stream().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
