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
 * @param later     sends the reply from another thread after the pipeline returned {@code null}, for a
 *                  {@link Stage} whose work must not run on an event loop (an UPDATE waits for the disk); safe to
 *                  call from any thread, once. {@code null} where the caller takes the reply from the return value
 *                  only (the fast path's reference answers, tests): such a stage then answers on the caller's thread
 */
public record QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra, long received,
                           Consumer<byte[]> later) {

    /** A context without a way to reply later. */
    public QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra, long received) {
        this(transport, client, extra, received, null);
    }

    /** A context for a query that arrives now. */
    public QueryContext(Transport transport, InetSocketAddress client, Consumer<byte[]> extra) {
        this(transport, client, extra, System.nanoTime(), null);
    }

    public static QueryContext udp(InetSocketAddress client) {
        return new QueryContext(Transport.UDP, client, null);
    }

    /** A UDP query whose reply may also be sent later, by {@code later}, from any thread. */
    public static QueryContext udp(InetSocketAddress client, Consumer<byte[]> later) {
        return new QueryContext(Transport.UDP, client, null, System.nanoTime(), later);
    }

    /** A TCP query; {@code extra} writes a message on the connection, from any thread (also the later reply). */
    public static QueryContext tcp(InetSocketAddress client, Consumer<byte[]> extra) {
        return new QueryContext(Transport.TCP, client, extra, System.nanoTime(), extra);
    }
}
