package dev.tomldns.transport;

/**
 * TCP limits (RFC 7766 §6.2.3: servers should time out idle connections and bound how many they keep; §6.2.2: how
 * many per client). The defaults are {@link #DEFAULTS}; the {@code [tcp]} table of the server configuration sets
 * them.
 *
 * @param idleTimeoutMillis         close a connection after this long without a query
 * @param maxConnections            connections at once; when full, a new one closes the one idle longest
 * @param maxConnectionsPerAddress  connections at once from one IPv4 address or IPv6 /64; a new one over it closes
 *                                  that client's connection idle longest
 * @param queryTimeoutMillis        a query must arrive whole within this long of its first octet (not reset by each
 *                                  octet that trickles in)
 * @param maxQueuedAnswers          answers queued on a connection whose client does not read them; reading its
 *                                  queries stops until they drain (so does more than 64 KiB of queued answers)
 */
public record TcpSettings(long idleTimeoutMillis, int maxConnections, int maxConnectionsPerAddress,
                          long queryTimeoutMillis, int maxQueuedAnswers) {
    /**
     * 10 s idle (as Knot's {@code tcp-idle-timeout}), 256 connections, 32 per address, 2 s for a whole query (Knot's
     * {@code tcp-io-timeout} is 0.5 s; 2 s leaves room for a slow mobile link), 64 queued answers.
     */
    public static final TcpSettings DEFAULTS = new TcpSettings(10_000, 256, 32, 2_000, 64);

    public TcpSettings {
        if (idleTimeoutMillis < 1 || maxConnections < 1 || maxConnectionsPerAddress < 1 || queryTimeoutMillis < 1
                || maxQueuedAnswers < 1) {
            throw new IllegalArgumentException("TCP limits must be positive");
        }
    }

    /** The defaults with another idle timeout and connection cap (the per-address cap no higher than the cap). */
    public TcpSettings(long idleTimeoutMillis, int maxConnections) {
        this(idleTimeoutMillis, maxConnections, Math.min(maxConnections, DEFAULTS.maxConnectionsPerAddress),
                DEFAULTS.queryTimeoutMillis, DEFAULTS.maxQueuedAnswers);
    }
}
