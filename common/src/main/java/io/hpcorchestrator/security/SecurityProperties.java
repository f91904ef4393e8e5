package io.hpcorchestrator.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code hpc.security.*}. The tokens themselves never come from here (YAML ends up in git): they come from the
 * {@code HPC_TOKENS} environment variable and the file named by {@code HPC_TOKENS_FILE}.
 *
 * @param scrapePaths  paths the read-only scrape token may GET; a trailing {@code /**} matches a whole subtree, a
 *                     {@code *} segment one plain path segment (letters, digits, {@code _}, {@code -}: an id)
 * @param maxBodySize  the largest request body accepted (413 beyond)
 */
@ConfigurationProperties("hpc.security")
public record SecurityProperties(List<String> scrapePaths, DataSize maxBodySize) {

    public SecurityProperties {
        scrapePaths = scrapePaths == null || scrapePaths.isEmpty() ? List.of("/actuator/prometheus") : List.copyOf(scrapePaths);
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
    }

    boolean isScrapePath(String path) {
        for (String pattern : scrapePaths) {
            if (pattern.endsWith("/**") ? path.startsWith(pattern.substring(0, pattern.length() - 2)) || path.equals(pattern.substring(0, pattern.length() - 3))
                    : matchesSegments(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /** Equal, except that a {@code *} segment of the pattern takes one plain segment (never {@code ..} or an encoded character). */
    private static boolean matchesSegments(String pattern, String path) {
        String[] expected = pattern.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].equals("*") ? !PLAIN_SEGMENT.matcher(actual[i]).matches() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern PLAIN_SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");
}
