package io.hpcorchestrator.logs;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hpc.logs.*}: where services come from, how their output is collected, how long it is kept, and the limits
 * of the API. Checked at start-up so a bad value fails with its name rather than at the first collection.
 *
 * @param server    the server's API, where the services and their output paths come from
 * @param collect   how job output is read
 * @param retention what is kept; the oldest lines go first
 * @param follow    live streams
 * @param query     limits of reads and searches
 */
@ConfigurationProperties("hpc.logs")
public record LogsProperties(
        @DefaultValue Server server,
        @DefaultValue Collect collect,
        @DefaultValue Retention retention,
        @DefaultValue Follow follow,
        @DefaultValue Query query) {

    /** The longest line stored whole; the column is this wide. Longer lines are stored in pieces. */
    public static final int MAX_LINE_BYTES_LIMIT = 65536;

    public LogsProperties {
        if (collect.maxLineBytes() < 256 || collect.maxLineBytes() > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException("hpc.logs.collect.max-line-bytes must be 256 to " + MAX_LINE_BYTES_LIMIT);
        }
        if (collect.readChunkBytes().toBytes() < 2L * collect.maxLineBytes() || collect.readChunkBytes().toBytes() > 16 << 20) {
            throw new IllegalArgumentException("hpc.logs.collect.read-chunk-bytes must be at least twice max-line-bytes and at most 16MB");
        }
        if (collect.maxBytesPerCycle().toBytes() < collect.readChunkBytes().toBytes()) {
            throw new IllegalArgumentException("hpc.logs.collect.max-bytes-per-cycle must be at least read-chunk-bytes");
        }
        if (retention.maxBytes().toBytes() <= 0 || retention.maxAge().isNegative() || retention.maxAge().isZero()) {
            throw new IllegalArgumentException("hpc.logs.retention.max-bytes and max-age must be positive");
        }
        if (follow.batchSize() < 1 || follow.maxFollowers() < 1 || follow.threads() < 1) {
            throw new IllegalArgumentException("hpc.logs.follow.batch-size, max-followers and threads must be positive");
        }
        if (query.maxScanLines() < 1 || query.maxTail() < 1 || query.maxResultWindow() < 1) {
            throw new IllegalArgumentException("hpc.logs.query limits must be positive");
        }
    }

    /**
     * @param url          the server's base URL
     * @param pollInterval how often the list of services is read
     * @param timeout      connect and read timeout of one call
     */
    public record Server(
            @DefaultValue("http://127.0.0.1:8001") URI url,
            @DefaultValue("3s") Duration pollInterval,
            @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param enabled          whether collection runs (off in tests that only exercise the API)
     * @param interval         pause between collection cycles when no file has a backlog; bounds the follow delay
     * @param readChunkBytes   the most read from a file in one call: what bounds the collector's memory
     * @param maxLineBytes     longer lines are stored in pieces of this size
     * @param maxBytesPerCycle the most read from one file in one cycle, so one loud job cannot starve the others
     * @param linger           how long a file is still read after its job ended, for output written late
     */
    public record Collect(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("250ms") Duration interval,
            @DefaultValue("256KB") DataSize readChunkBytes,
            @DefaultValue("16384") int maxLineBytes,
            @DefaultValue("8MB") DataSize maxBytesPerCycle,
            @DefaultValue("30s") Duration linger) {
    }

    /**
     * @param maxAge   lines collected longer ago are deleted
     * @param maxBytes above this much stored text the oldest lines are deleted, whichever service they belong to
     * @param interval how often both limits are applied
     */
    public record Retention(
            @DefaultValue("7d") Duration maxAge,
            @DefaultValue("1GB") DataSize maxBytes,
            @DefaultValue("1m") Duration interval) {
    }

    /**
     * @param timeout      a stream ends after this long; clients reconnect with {@code Last-Event-ID}
     * @param heartbeat    a comment is sent this often so proxies keep idle streams open and dead clients are noticed
     * @param batchSize    lines read from the database per send
     * @param maxFollowers open streams at most; more are refused with 503
     * @param threads      threads that send to streams
     */
    public record Follow(
            @DefaultValue("30m") Duration timeout,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("500") int batchSize,
            @DefaultValue("256") int maxFollowers,
            @DefaultValue("4") int threads) {
    }

    /**
     * @param timeout         a database statement of a read or search is cancelled after this long
     * @param regexBudget     time a regular expression may spend on one request
     * @param maxScanLines    lines a regular expression is tried on, at most, per request
     * @param maxTail         the most lines one read returns
     * @param maxResultWindow a search pages at most this deep ({@code (page + 1) * size})
     */
    public record Query(
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("2s") Duration regexBudget,
            @DefaultValue("200000") int maxScanLines,
            @DefaultValue("10000") int maxTail,
            @DefaultValue("10000") int maxResultWindow) {
    }
}
