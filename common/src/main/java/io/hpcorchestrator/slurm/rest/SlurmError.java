package io.hpcorchestrator.slurm.rest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of an answer's {@code errors[]} (or {@code warnings[]}). v0.0.38 names the number
 * {@code error_number}, {@code error_code} or {@code errno} depending on the path; later versions always
 * {@code error_number}.
 */
record SlurmError(int number, String error, String description) {

    /** SLURM's protocol and communication errors (1000-1999), including 1007 "Protocol authentication error". */
    boolean isCommunication() {
        return number >= 1000 && number < 2000;
    }

    /** slurmrestd 22.05 answers a token slurmctld refused with just this. */
    boolean isUnspecified() {
        return number == -1 || number == 0 && (error == null || error.equals("Unspecified error"));
    }

    /** Description first, then SLURM's error text, without repeating one in the other. */
    String message() {
        String text = error == null || error.isBlank() ? null : error;
        String about = description == null || description.isBlank() ? null : description;
        if (about == null) {
            return text == null ? "error " + number : text;
        }
        return text == null || about.contains(text) ? about : about + ": " + text;
    }

    static List<SlurmError> errors(JsonNode body) {
        return read(body == null ? null : body.get("errors"), "error");
    }

    static List<SlurmError> warnings(JsonNode body) {
        return read(body == null ? null : body.get("warnings"), "warning");
    }

    private static List<SlurmError> read(JsonNode array, String textField) {
        List<SlurmError> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode entry : array) {
            int number = 0;
            for (String field : List.of("error_number", "error_code", "errno")) {
                if (entry.has(field) && entry.get(field).canConvertToInt()) {
                    number = entry.get(field).asInt();
                    break;
                }
            }
            out.add(new SlurmError(number, text(entry, textField), text(entry, "description")));
        }
        return out;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
