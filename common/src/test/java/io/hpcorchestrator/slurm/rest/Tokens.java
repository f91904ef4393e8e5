package io.hpcorchestrator.slurm.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Test tokens shaped like scontrol's (HS256 header, {exp, iat, sun}); the signature is never checked here. */
final class Tokens {

    private Tokens() {
    }

    static String jwt(Instant expires, String tag) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"exp\":" + expires.getEpochSecond() + ",\"iat\":1,\"sun\":\"" + tag + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }
}
