package io.hpcorchestrator.slurm.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Answers captured from the live daemons (22.05 for v0.0.38, 24.11 for the rest) in test resources. */
final class Captured {

    private Captured() {
    }

    static String text(String version, String name) {
        String path = "/slurm/rest/" + version + "/" + name;
        try (InputStream in = Captured.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String version, String name) {
        return Json.MAPPER.readTree(text(version, name));
    }
}
