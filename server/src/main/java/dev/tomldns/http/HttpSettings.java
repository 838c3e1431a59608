package dev.tomldns.http;

/**
 * Limits of the HTTP endpoint, so that slow or idle connections cannot keep {@code /health} from answering. The
 * {@code [http]} table of the server configuration sets them.
 *
 * @param maxConnections       connections at once; when full, a new one closes the one open longest without a
 *                             request in progress being answered
 * @param requestTimeoutMillis a request (line and headers) must arrive whole within this long of the connection
 *                             opening or the previous answer; a connection idle that long is closed too
 */
public record HttpSettings(int maxConnections, long requestTimeoutMillis) {
    /** 64 connections (a scraper and a health check need one each), 5 s for a request. */
    public static final HttpSettings DEFAULTS = new HttpSettings(64, 5_000);

    public HttpSettings {
        if (maxConnections < 1 || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
    }
}
