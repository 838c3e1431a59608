package dev.tomldns.query;

import dev.tomldns.wire.Transport;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Where a query came from and how to send more than one message back.
 *
 * @param transport UDP or TCP
 * @param client    the client's address (for ACLs and logs)
 * @param extra     TCP only: sends a further message before the returned one (zone transfers stream several);
 *                  {@code null} over UDP
 * @param received  {@link System#nanoTime()} when the query arrived, for the answer latency metric
 */
public record QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra, long received) {

    /** A context for a query that arrives now. */
    public QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra) {
        this(transport, client, extra, System.nanoTime());
    }

    public static QueryContext udp(InetSocketAddress client) {
        return new QueryContext(Transport.UDP, client, null);
    }

    public static QueryContext tcp(InetSocketAddress client, Consumer<byte[]> extra) {
        return new QueryContext(Transport.TCP, client, extra);
    }
}
