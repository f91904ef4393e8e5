package io.hpcorchestrator.client.load;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which OpenAI-compatible endpoint the benchmark calls. */
public enum ApiFlavour {
    /** {@code POST /v1/completions} with a {@code prompt}; answers carry {@code choices[0].text}. */
    COMPLETIONS("/v1/completions"),
    /** {@code POST /v1/chat/completions} with one user message; answers carry {@code choices[0].delta.content}. */
    CHAT("/v1/chat/completions");

    private final String path;

    ApiFlavour(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ApiFlavour of(String id) {
        for (ApiFlavour flavour : values()) {
            if (flavour.id().equals(id)) {
                return flavour;
            }
        }
        throw new IllegalArgumentException("must be completions or chat");
    }
}
