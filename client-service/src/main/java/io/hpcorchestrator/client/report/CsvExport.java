package io.hpcorchestrator.client.report;

import io.hpcorchestrator.client.load.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One CSV row per measured request (RFC 4180), step by step and within a step in the order the requests ended; times in
 * milliseconds, except the send times, in seconds from the start of their step.
 */
public final class CsvExport {

    public static final String HEADER = "step,seq,intended_s,sent_s,send_delay_ms,ttft_ms,tpot_ms,itl_mean_ms,itl_max_ms,e2el_ms,"
            + "intended_ttft_ms,intended_e2el_ms,prompt_tokens,output_tokens,success,error_kind,http_status,error";

    private CsvExport() {
    }

    public static void write(Writer writer, Consumer<Consumer<RequestRecord>> requests) throws IOException {
        writer.write(HEADER);
        writer.write("\r\n");
        try {
            requests.accept(record -> {
                try {
                    writer.write(row(record));
                    writer.write("\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static String row(RequestRecord r) {
        int[] itl = r.itlUs();
        long itlSum = 0;
        long itlMax = 0;
        for (int gap : itl) {
            itlSum += gap;
            itlMax = Math.max(itlMax, gap);
        }
        boolean ok = r.success();
        return String.join(",",
                Integer.toString(r.step()),
                Integer.toString(r.seq()),
                seconds(r.intendedUs()),
                seconds(r.sentUs()),
                ms(r.sendDelayUs()),
                ok ? ms(r.ttftUs()) : "",
                ok && r.outputTokens() > 1 ? ms(r.tpotUs()) : "",
                itl.length > 0 ? ms((double) itlSum / itl.length) : "",
                itl.length > 0 ? ms(itlMax) : "",
                ms(r.e2elUs()),
                ok ? ms(r.intendedTtftUs()) : "",
                ms(r.intendedE2elUs()),
                Integer.toString(r.promptTokens()),
                Integer.toString(r.outputTokens()),
                Boolean.toString(ok),
                ok ? "" : quote(r.errorKind()),
                r.httpStatus() == 0 ? "" : Integer.toString(r.httpStatus()),
                ok || r.error() == null ? "" : quote(r.error()));
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1e3);
    }

    /** Quoted when it holds a comma, a quote or a line break; formula-like leading characters are defused. */
    static String quote(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
