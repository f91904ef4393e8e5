package io.hpcorchestrator.slurm.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading what a token says about itself; the signature is slurmctld's business. */
final class Jwt {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCONTROL_PREFIX = "SLURM_JWT=";

    private Jwt() {
    }

    /** The token in {@code scontrol token} output or a token file: the last non-blank line, prefix removed. */
    static String clean(String text) {
        String token = "";
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                token = line.strip();
            }
        }
        if (token.startsWith("export ")) {
            token = token.substring("export ".length()).strip();
        }
        if (token.startsWith(SCONTROL_PREFIX)) {
            token = token.substring(SCONTROL_PREFIX.length());
        }
        return token;
    }

    /** The {@code exp} claim, when the token is a JWT that has one. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode exp = JSON.readTree(new String(payload, StandardCharsets.UTF_8)).get("exp");
            return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
