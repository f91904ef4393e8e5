package io.hpcorchestrator.client.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request and what the client saw of its answer, timed the way vLLM's benchmark times it: TTFT is the arrival
 * of the first chunk with content (text for completions, {@code delta.content} for chat), each later chunk with
 * content adds one inter-token latency (the gap since the previous one), and the request ends with its last event
 * before {@code [DONE]}. Chunks read from the socket together share one arrival time. Output tokens are the
 * server's {@code usage.completion_tokens}; without usage, the number of content chunks.
 *
 * <p>Signals from the HTTP client arrive one at a time (reactive streams), so the parsing state needs no locks;
 * only the end is contended (answer, error, timeout, abort), and the first one wins.
 */
final class Exchange {

    /** Error bodies are kept only this long: enough for the server's message. */
    private static final int MAX_ERROR_BODY = 2048;
    /** A non-streaming answer larger than this is cut off and fails as {@code bad_response}. */
    private static final int MAX_BODY = 64 << 20;

    private final boolean stream;
    private final ApiFlavour api;
    private final JsonMapper json;
    private final Consumer<Exchange> onDone;
    private final AtomicBoolean ended = new AtomicBoolean();

    volatile long sentNanos;
    volatile Future<?> future;
    volatile Future<?> timeoutTask;
    private volatile Flow.Subscription subscription;

    // Written by the subscriber, read once the exchange has ended.
    private long firstContentNanos = -1;
    private long lastContentNanos = -1;
    private long lastEventNanos = -1;
    private int[] itlMicros = new int[64];
    private int itlCount;
    private int contentChunks;
    private int promptTokens = -1;
    private int completionTokens = -1;
    private int httpStatus;

    private volatile long endNanos;
    private volatile String errorKind;
    private volatile String error;
    private volatile boolean aborted;

    Exchange(boolean stream, ApiFlavour api, JsonMapper json, Consumer<Exchange> onDone) {
        this.stream = stream;
        this.api = api;
        this.json = json;
        this.onDone = onDone;
    }

    /** The request body, noting when the HTTP client takes it to write it (each time, should it retry on another connection). */
    java.net.http.HttpRequest.BodyPublisher timedBody(byte[] body) {
        java.net.http.HttpRequest.BodyPublisher bytes = java.net.http.HttpRequest.BodyPublishers.ofByteArray(body);
        return new java.net.http.HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return bytes.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> writer) {
                bytes.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    private boolean taken;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        writer.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        if (!taken) {
                            taken = true;
                            sentNanos = System.nanoTime();
                        }
                        writer.onNext(item);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        writer.onError(failure);
                    }

                    @Override
                    public void onComplete() {
                        writer.onComplete();
                    }
                });
            }
        };
    }

    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
        httpStatus = info.statusCode();
        if (httpStatus >= 400) {
            return new ErrorBody();
        }
        return stream ? new EventStream() : new WholeBody();
    }

    /** Ends the exchange as aborted (a cancelled benchmark): the runner does not record it. */
    void abort() {
        aborted = true;
        if (end("aborted", "the benchmark was cancelled")) {
            cancelTransfer();
            onDone.accept(this);
        }
    }

    void timeOut(Duration timeout) {
        if (end("timeout", "no complete answer within " + timeout.toMillis() + " ms")) {
            cancelTransfer();
            onDone.accept(this);
        }
    }

    void fail(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (end(kind(cause), describe(cause))) {
            cancelTimeout();
            onDone.accept(this);
        }
    }

    /** The response has been read to its end (or the subscriber has already recorded why not). */
    void complete() {
        String kind = errorKind;
        String message = error;
        if (kind == null && firstContentNanos < 0) {
            kind = "no_content";
            message = "the answer had no chunk with content (TTFT cannot be measured)";
        }
        if (end(kind, message)) {
            cancelTimeout();
            onDone.accept(this);
        }
    }

    private boolean end(String kind, String message) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        endNanos = lastEventNanos > 0 && kind == null ? lastEventNanos : System.nanoTime();
        errorKind = kind;
        error = message;
        return true;
    }

    private void cancelTransfer() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        Future<?> pending = future;
        if (pending != null) {
            pending.cancel(true);
        }
        cancelTimeout();
    }

    private void cancelTimeout() {
        Future<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    boolean hasEnded() {
        return ended.get();
    }

    boolean aborted() {
        return aborted;
    }

    boolean succeeded() {
        return errorKind == null;
    }

    String errorKind() {
        return errorKind;
    }

    String error() {
        return error;
    }

    int httpStatus() {
        return httpStatus;
    }

    long sentNanos() {
        return sentNanos;
    }

    long firstContentNanos() {
        return firstContentNanos;
    }

    long endNanos() {
        return endNanos;
    }

    int[] itlMicros() {
        return Arrays.copyOf(itlMicros, itlCount);
    }

    int contentChunks() {
        return contentChunks;
    }

    int promptTokens() {
        return promptTokens;
    }

    /** The server's count, else one token per content chunk. */
    int outputTokens() {
        return completionTokens >= 0 ? completionTokens : contentChunks;
    }

    private void content(long now) {
        if (firstContentNanos < 0) {
            firstContentNanos = now;
        } else {
            if (itlCount == itlMicros.length) {
                itlMicros = Arrays.copyOf(itlMicros, itlCount * 2);
            }
            itlMicros[itlCount++] = (int) Math.min(Integer.MAX_VALUE, (now - lastContentNanos) / 1000);
        }
        lastContentNanos = now;
        contentChunks++;
    }

    /** One JSON object of the answer: a stream event or the whole body. Returns false when it says the request failed. */
    private boolean answer(String payload, long now) {
        AnswerFields fields;
        try (JsonParser parser = json.createParser(payload)) {
            fields = AnswerFields.read(parser, api, stream);
        } catch (RuntimeException e) {
            errorKind = "bad_response";
            error = "not an answer object: " + abbreviate(payload);
            return false;
        }
        lastEventNanos = now;
        if (fields.error() != null) {
            errorKind = "stream_error";
            error = fields.error();
            return false;
        }
        if (fields.content() != null && !fields.content().isEmpty()) {
            content(now);
        }
        if (fields.completionTokens() >= 0) {
            completionTokens = fields.completionTokens();
        }
        if (fields.promptTokens() >= 0) {
            promptTokens = fields.promptTokens();
        }
        return true;
    }

    static String kind(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect_timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection_refused";
        }
        if (cause instanceof CancellationException) {
            return "aborted";
        }
        if (cause instanceof IOException) {
            return "io_error";
        }
        return "client_error";
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    private abstract class Subscriber implements HttpResponse.BodySubscriber<Void> {

        final CompletableFuture<Void> result = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (ended.get()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        /** Stops reading: the answer already says the request failed. */
        void stop() {
            subscription.cancel();
            result.complete(null);
        }
    }

    /** Server-sent events, split into lines across buffer boundaries; an event's {@code data:} lines are joined. */
    private final class EventStream extends Subscriber {

        private byte[] pending = new byte[8192];
        private int length;
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;
        private boolean done;

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            long now = System.nanoTime();
            for (ByteBuffer buffer : buffers) {
                int size = buffer.remaining();
                if (length + size > pending.length) {
                    pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + size));
                }
                buffer.get(pending, length, size);
                length += size;
            }
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (pending[i] == '\n') {
                    int end = i > start && pending[i - 1] == '\r' ? i - 1 : i;
                    if (!line(new String(pending, start, end - start, StandardCharsets.UTF_8), now)) {
                        stop();
                        return;
                    }
                    start = i + 1;
                }
            }
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
        }

        @Override
        public void onComplete() {
            long now = System.nanoTime();
            if (length > 0) {
                line(new String(pending, 0, length, StandardCharsets.UTF_8), now);
            }
            dispatch(now);
            result.complete(null);
        }

        private boolean line(String line, long now) {
            if (line.isEmpty()) {
                return dispatch(now);
            }
            if (line.startsWith("data:")) {
                if (hasData) {
                    data.append('\n');
                }
                data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
                hasData = true;
            }
            return true;
        }

        private boolean dispatch(long now) {
            if (!hasData) {
                return true;
            }
            String payload = data.toString();
            data.setLength(0);
            hasData = false;
            if (done || payload.equals("[DONE]")) {
                done = true;
                return true;
            }
            return answer(payload, now);
        }
    }

    /** A non-streaming answer: one JSON object, timed when its last byte arrives. */
    private final class WholeBody extends Subscriber {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                body.write(bytes, 0, bytes.length);
            }
            if (body.size() > MAX_BODY) {
                errorKind = "bad_response";
                error = "answer larger than " + MAX_BODY + " bytes";
                stop();
            }
        }

        @Override
        public void onComplete() {
            answer(body.toString(StandardCharsets.UTF_8), System.nanoTime());
            result.complete(null);
        }
    }

    /** An HTTP error: the start of its body, for the message. */
    private final class ErrorBody extends Subscriber {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), MAX_ERROR_BODY - body.size());
                if (take > 0) {
                    byte[] bytes = new byte[take];
                    buffer.get(bytes);
                    body.write(bytes, 0, take);
                }
            }
        }

        @Override
        public void onComplete() {
            errorKind = "http_" + httpStatus;
            String text = body.toString(StandardCharsets.UTF_8);
            String message = text;
            try {
                JsonNode node = json.readTree(text);
                JsonNode detail = node.path("error").path("message");
                if (!detail.isString()) {
                    detail = node.path("detail");
                }
                if (detail.isString()) {
                    message = detail.stringValue();
                }
            } catch (RuntimeException notJson) {
                // The body as it is, shortened.
            }
            error = "HTTP " + httpStatus + (message.isBlank() ? "" : ": " + abbreviate(message));
            result.complete(null);
        }
    }
}
