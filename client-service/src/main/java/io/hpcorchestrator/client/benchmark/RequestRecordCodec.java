package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.RequestRecord;
import java.util.List;
import java.util.function.Consumer;

/**
 * Request records as stored: one line per request, tab-separated, the error text last and without tabs or line
 * breaks. {@code seq intended_us sent_us ttft_us e2el_us prompt_tokens output_tokens http_status error_kind itl_us
 * error}, the gaps comma-separated; the step is the chunk's.
 */
final class RequestRecordCodec {

    private static final int MAX_ERROR = 500;

    private RequestRecordCodec() {
    }

    static String encode(List<RequestRecord> records) {
        StringBuilder text = new StringBuilder(records.size() * 64);
        for (RequestRecord r : records) {
            text.append(r.seq()).append('\t').append(r.intendedUs()).append('\t').append(r.sentUs()).append('\t').append(r.ttftUs())
                    .append('\t').append(r.e2elUs()).append('\t').append(r.promptTokens()).append('\t').append(r.outputTokens()).append('\t')
                    .append(r.httpStatus()).append('\t');
            if (r.errorKind() != null) {
                text.append(clean(r.errorKind(), 64));
            }
            text.append('\t');
            int[] itl = r.itlUs();
            for (int i = 0; i < itl.length; i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(itl[i]);
            }
            text.append('\t');
            if (r.errorKind() != null && r.error() != null) {
                text.append(clean(r.error(), MAX_ERROR));
            }
            text.append('\n');
        }
        return text.toString();
    }

    static void decode(int step, String text, Consumer<RequestRecord> consumer) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String[] f = text.substring(start, end).split("\t", -1);
            start = end + 1;
            String kind = f[8].isEmpty() ? null : f[8];
            consumer.accept(new RequestRecord(step, Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), itl(f[9]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), kind,
                    kind == null ? null : f[10].isEmpty() ? null : f[10], Integer.parseInt(f[7])));
        }
    }

    private static int[] itl(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        int[] gaps = new int[count];
        int value = 0;
        int index = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                gaps[index++] = value;
                value = 0;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        gaps[index] = value;
        return gaps;
    }

    private static String clean(String text, int max) {
        String line = text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
