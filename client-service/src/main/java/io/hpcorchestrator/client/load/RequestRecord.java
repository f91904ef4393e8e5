package io.hpcorchestrator.client.load;

/**
 * One measured request. Times are microseconds: {@code intendedUs} and {@code sentUs} from the start of its step,
 * the latencies from the actual send. In an open loop the intended time is the arrival schedule's; a request held
 * back by {@code max_concurrency} is sent later, and {@link #intendedTtftUs()} and {@link #intendedE2elUs()} count
 * that wait too (what a user arriving on schedule would have seen). In a closed loop both times are the same.
 *
 * @param ttftUs       time to the first chunk with content, -1 when none came
 * @param e2elUs       time to the end of the answer (or to the failure)
 * @param itlUs        gaps between consecutive content chunks
 * @param promptTokens the server's {@code usage.prompt_tokens}, else the client's estimate
 * @param outputTokens the server's {@code usage.completion_tokens}, else content chunks; 0 for failures
 * @param errorKind    null on success; {@code http_503}, {@code timeout}, {@code connection_refused}, ...
 * @param error        the failure in words
 * @param httpStatus   the response status, 0 when none arrived
 */
public record RequestRecord(
        int step,
        int seq,
        long intendedUs,
        long sentUs,
        long ttftUs,
        long e2elUs,
        int[] itlUs,
        int promptTokens,
        int outputTokens,
        String errorKind,
        String error,
        int httpStatus) {

    public boolean success() {
        return errorKind == null;
    }

    /** vLLM's TPOT: the time per output token after the first, {@code (e2el - ttft) / (output - 1)}; 0 for one token. */
    public double tpotUs() {
        return outputTokens > 1 ? (double) (e2elUs - ttftUs) / (outputTokens - 1) : 0;
    }

    public long sendDelayUs() {
        return sentUs - intendedUs;
    }

    public long intendedTtftUs() {
        return ttftUs + sendDelayUs();
    }

    public long intendedE2elUs() {
        return e2elUs + sendDelayUs();
    }

    /** When the answer ended, from the start of the step. */
    public long endUs() {
        return sentUs + e2elUs;
    }
}
