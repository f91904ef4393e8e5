package io.hpcorchestrator.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.unit.DataSize;

/**
 * {@code hpc.security.*}. The tokens themselves never come from here (YAML ends up in git): they come from the
 * {@code HPC_TOKENS} environment variable and the file named by {@code HPC_TOKENS_FILE}.
 *
 * @param scrapePaths  paths the read-only scrape token may GET, as Ant patterns ({@code *} one segment, {@code **} any)
 * @param maxBodySize  the largest request body accepted (413 beyond)
 */
@ConfigurationProperties("hpc.security")
public record SecurityProperties(List<String> scrapePaths, DataSize maxBodySize) {

    public SecurityProperties {
        scrapePaths = scrapePaths == null || scrapePaths.isEmpty() ? List.of("/actuator/prometheus") : List.copyOf(scrapePaths);
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
    }

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    boolean isScrapePath(String path) {
        return scrapePaths.stream().anyMatch(pattern -> PATHS.match(pattern, path));
    }
}
