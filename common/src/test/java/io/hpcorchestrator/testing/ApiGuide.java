package io.hpcorchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.ApiOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** docs/api.md, as the services' documentation tests read it (they run in their module's folder). */
public final class ApiGuide {

    private ApiGuide() {
    }

    /** The guide from the line {@code from} up to the line {@code to}; null for the start or the end. */
    public static String section(String from, String to) {
        String guide;
        try {
            guide = Files.readString(Path.of("../docs/api.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = from == null ? 0 : guide.indexOf(from);
        int end = to == null ? guide.length() : guide.indexOf(to, Math.max(start, 0));
        assertThat(start).as("docs/api.md has %s", from).isNotNegative();
        assertThat(end).as("docs/api.md has %s after %s", to, from).isGreaterThan(start);
        return guide.substring(start, end);
    }

    /**
     * Every operation appears in {@code section} as {@code `METHOD /path}, the path ending at the closing backtick or
     * the query string (so that {@code `GET /`} does not pass for {@code `GET /api/...`}). {@code documented} maps
     * the OpenAPI path to the way the guide writes it.
     */
    public static void describesEvery(String section, List<ApiOperation> operations, UnaryOperator<String> documented) {
        List<String> missing = new ArrayList<>();
        for (ApiOperation operation : operations) {
            String path = documented.apply(operation.path());
            if (!Pattern.compile("`" + operation.method() + " " + Pattern.quote(path) + "[`?]").matcher(section).find()) {
                missing.add(operation.method() + " " + path);
            }
        }
        assertThat(missing).as("operations docs/api.md does not describe").isEmpty();
    }
}
