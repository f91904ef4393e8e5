package io.hpcorchestrator.client.load;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The few fields of an OpenAI answer object (a stream chunk or a whole answer) the client needs, read with the
 * streaming parser: a streamed answer is parsed once per token, and building a tree for each was the client's
 * largest cost of its own.
 *
 * @param content          {@code choices[0].text} (completions), {@code choices[0].delta.content} (chat, streamed) or
 *                         {@code choices[0].message.content} (chat, whole); null when absent
 * @param completionTokens {@code usage.completion_tokens}, -1 when absent
 * @param promptTokens     {@code usage.prompt_tokens}, -1 when absent
 * @param error            the message of a non-null {@code error}, null when there is none
 */
record AnswerFields(String content, int completionTokens, int promptTokens, String error) {

    /** @throws RuntimeException when the text is not a JSON object */
    static AnswerFields read(JsonParser parser, ApiFlavour api, boolean stream) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String content = null;
        int completionTokens = -1;
        int promptTokens = -1;
        String error = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "choices" -> {
                    if (value == JsonToken.START_ARRAY) {
                        JsonToken first = parser.nextToken();
                        if (first == JsonToken.START_OBJECT) {
                            content = choice(parser, api, stream);
                        } else {
                            parser.skipChildren();
                        }
                        if (first != JsonToken.END_ARRAY) {
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "usage" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String field = parser.currentName();
                            JsonToken number = parser.nextToken();
                            if (number == JsonToken.VALUE_NUMBER_INT && field.equals("completion_tokens")) {
                                completionTokens = parser.getIntValue();
                            } else if (number == JsonToken.VALUE_NUMBER_INT && field.equals("prompt_tokens")) {
                                promptTokens = parser.getIntValue();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "error" -> {
                    if (value == JsonToken.START_OBJECT) {
                        error = "(no message)";
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String field = parser.currentName();
                            if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("message")) {
                                error = parser.getString();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        error = value == JsonToken.VALUE_STRING ? parser.getString() : "(no message)";
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new AnswerFields(content, completionTokens, promptTokens, error);
    }

    /** Inside {@code choices[0]}, up to its end: the text the flavour puts there. */
    private static String choice(JsonParser parser, ApiFlavour api, boolean stream) {
        String content = null;
        String holder = api == ApiFlavour.CHAT ? (stream ? "delta" : "message") : null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (holder == null && name.equals("text") && value == JsonToken.VALUE_STRING) {
                content = parser.getString();
            } else if (holder != null && name.equals(holder) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = parser.currentName();
                    if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("content")) {
                        content = parser.getString();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return content;
    }
}
