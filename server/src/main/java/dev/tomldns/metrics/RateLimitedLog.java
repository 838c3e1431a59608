package dev.tomldns.metrics;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * One kind of log line that outsiders can trigger at will (a refused NOTIFY, a refused transfer: the source address
 * of a UDP packet is spoofable), written at most {@code lines} times per window. Lines over that are counted, not
 * written; the first line of a later window is preceded by one "suppressed N" line saying how many were left out.
 * The metrics that go with such events stay exact: only the log is thinned.
 *
 * <p>Thread-safe: refusals are logged from every event loop.
 */
public final class RateLimitedLog {
    /** What the server uses: 10 lines of a kind per 10 s, about what an operator reads when tailing a log. */
    public static final int DEFAULT_LINES = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final String kind;
    private final int lines;
    private final long windowNanos;
    private long windowStart;
    private int written;
    private long suppressed;

    /**
     * @param log   where the lines go
     * @param kind  names the lines in the "suppressed" line ("refused NOTIFY")
     * @param lines lines written per window, at least 1
     * @param window the window's length
     */
    public RateLimitedLog(Logger log, String kind, int lines, Duration window) {
        if (lines < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need at least one line per positive window");
        }
        this.log = log;
        this.kind = kind;
        this.lines = lines;
        this.windowNanos = window.toNanos();
        this.windowStart = System.nanoTime();
    }

    /** With {@link #DEFAULT_LINES} per {@link #DEFAULT_WINDOW}. */
    public RateLimitedLog(Logger log, String kind) {
        this(log, kind, DEFAULT_LINES, DEFAULT_WINDOW);
    }

    /** Logs at INFO, unless this window's lines are used up (then only counts it). */
    public void info(String format, Object... args) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            left = 0;
            if (now - windowStart >= windowNanos) {
                left = suppressed;
                suppressed = 0;
                written = 0;
                windowStart = now;
            }
            if (written >= lines) {
                suppressed++;
                return;
            }
            written++;
        }
        if (left > 0) {
            log.info("{}: {} more line(s) suppressed (at most {} per {} s are logged; the metrics count every one)",
                    kind, left, lines, windowNanos / 1_000_000_000.0);
        }
        log.info(format, args);
    }
}
