package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md names every property of every {@code @ConfigurationProperties} record in the services'
 * sources, so a new setting cannot go undocumented. Read from the sources (the services' jars are not libraries).
 */
class ConfigurationDocTest {

    private static final Pattern PREFIX = Pattern.compile("@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)");
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\((?:[^()]|\\([^()]*\\))*\\))?");

    record Component(String type, String name) {
    }

    @Test
    void everyPropertyIsDocumented() throws IOException {
        String doc = Repo.read("docs/configuration.md");
        List<String> properties = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.root(), 12)) {
            for (Path file : files.filter(p -> p.toString().endsWith("Properties.java") && p.toString().contains("/src/main/java/")).toList()) {
                properties.addAll(properties(Files.readString(file)));
            }
        }

        assertThat(properties).as("properties found in the sources").hasSizeGreaterThan(70)
                .contains("hpc.cluster.ssh.private-key", "hpc.reconciler.interval", "hpc.logs.query.max-tail");
        assertThat(properties.stream().filter(p -> !doc.contains("`" + p + "`") && !doc.contains("`" + p + " ")).toList())
                .as("properties missing from docs/configuration.md").isEmpty();
    }

    /** The full names of a source file's properties: the annotated record's components, nested records expanded. */
    static List<String> properties(String source) {
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            return List.of();
        }
        Map<String, List<Component>> records = new LinkedHashMap<>();
        Matcher record = RECORD.matcher(source);
        String top = null;
        while (record.find()) {
            records.put(record.group(1), components(source, record.end()));
            if (top == null && record.start() > prefix.start()) {
                top = record.group(1);
            }
        }
        List<String> out = new ArrayList<>();
        expand(prefix.group(1), top, records, out);
        return out;
    }

    private static void expand(String prefix, String recordName, Map<String, List<Component>> records, List<String> out) {
        for (Component component : records.get(recordName)) {
            String name = prefix + "." + kebab(component.name());
            if (records.containsKey(component.type())) {
                expand(name, component.type(), records, out);
            } else {
                out.add(name);
            }
        }
    }

    /** The components between the record's parentheses, which start at {@code from}. */
    private static List<Component> components(String source, int from) {
        int depth = 1;
        int i = from;
        while (depth > 0) {
            char c = source.charAt(i++);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        String list = ANNOTATION.matcher(source.substring(from, i - 1)).replaceAll(" ");
        List<Component> components = new ArrayList<>();
        int angle = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (list + ",").toCharArray()) {
            if (c == '<') {
                angle++;
            } else if (c == '>') {
                angle--;
            }
            if (c == ',' && angle == 0) {
                String[] words = current.toString().strip().split("\\s+");
                if (words.length >= 2) {
                    components.add(new Component(words[words.length - 2].replaceAll("<.*", ""), words[words.length - 1]));
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return components;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
