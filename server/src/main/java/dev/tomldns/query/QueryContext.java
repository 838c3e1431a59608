package dev.tomldns.query;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Where a query came from and how to send more than one message back.
 *
 * @param transport UDP or TCP
 * @param client    the client's address (for ACLs and logs)
 * @param extra     TCP only: sends a further message before the returned one (zone transfers stream several);
 *                  {@code null} over UDP
 */
public record QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra) {

    public static QueryContext udp(InetSocketAddress client) {
        return new QueryContext(Transport.UDP, client, null);
    }

    public static QueryContext tcp(InetSocketAddress client, Consumer<byte[]> extra) {
        return new QueryContext(Transport.TCP, client, extra);
    }
}
