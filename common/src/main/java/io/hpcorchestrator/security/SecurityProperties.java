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
 * @param openPaths    paths anybody may GET without a token, in the same notation (a request that sends one is
 *                     checked as anywhere else): by default the OpenAPI document and Swagger UI, which describe the API
 *                     but hold no data, so a browser can load Swagger UI and send the token with its Authorize button;
 *                     an empty list closes them too
 */
@ConfigurationProperties("hpc.security")
public record SecurityProperties(List<String> scrapePaths, DataSize maxBodySize, List<String> openPaths) {

    static final List<String> API_DOCUMENTS = List.of("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
            "/swagger-ui/**");

    public SecurityProperties {
        scrapePaths = scrapePaths == null || scrapePaths.isEmpty() ? List.of("/actuator/prometheus") : List.copyOf(scrapePaths);
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        openPaths = openPaths == null ? API_DOCUMENTS : List.copyOf(openPaths);
    }

    boolean isScrapePath(String path) {
        return matchesAny(scrapePaths, path);
    }

    /** Never a path with a dot segment, an escape, a parameter or a doubled slash, which could name another path. */
    boolean isOpenPath(String path) {
        return !ODD_PATH.matcher(path).find() && matchesAny(openPaths, path);
    }

    private static boolean matchesAny(List<String> patterns, String path) {
        for (String pattern : patterns) {
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
    private static final java.util.regex.Pattern ODD_PATH = java.util.regex.Pattern.compile("/\\.|//|[%;\\\\]");
}
