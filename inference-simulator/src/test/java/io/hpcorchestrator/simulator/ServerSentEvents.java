package io.hpcorchestrator.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a {@code data: ...} event stream line by line, noting when each event arrived. */
final class ServerSentEvents implements AutoCloseable {

    /** One event: its payload ({@code [DONE]} or JSON) and {@link System#nanoTime()} at arrival. */
    record Event(String data, long arrivalNanos) {

        boolean done() {
            return data.equals("[DONE]");
        }

        JsonNode json() {
            return RunningSimulator.json(data);
        }
    }

    private final BufferedReader reader;

    ServerSentEvents(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return new Event(line.substring(6), System.nanoTime());
            }
            if (!line.isEmpty()) {
                throw new AssertionError("not a server-sent event line: " + line);
            }
        }
        return null;
    }

    List<Event> readAll() throws IOException {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = next()) != null) {
            events.add(event);
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
