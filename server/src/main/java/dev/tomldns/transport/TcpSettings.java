package dev.tomldns.transport;

/**
 * TCP limits (RFC 7766 §6.2.3: servers should time out idle connections and bound how many they keep).
 *
 * @param idleTimeoutMillis close a connection after this long without a query
 * @param maxConnections    connections beyond this are closed at once
 */
public record TcpSettings(long idleTimeoutMillis, int maxConnections) {
    public static final TcpSettings DEFAULTS = new TcpSettings(10_000, 256);
}
