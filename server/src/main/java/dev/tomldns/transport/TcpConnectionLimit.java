package dev.tomldns.transport;

import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.DnsMetrics.TcpClose;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of open TCP connections (RFC 7766 §6.2.2-§6.2.3). It holds at most {@link TcpSettings#maxConnections}
 * connections, and at most {@link TcpSettings#maxConnectionsPerAddress} from one IPv4 address or IPv6 /64. When a
 * new connection would pass either, the connection idle longest (of that client, or of all) is closed to make room,
 * rather than the newcomer refused: connections that hold a slot without asking anything then cannot shut out
 * clients that do (RFC 7766 §6.2.3: "the server MAY close ... the connections that have been idle the longest").
 *
 * <p>Accepting is rare next to answering: the table is one lock and a scan of at most {@code maxConnections}
 * entries when full.
 */
@ChannelHandler.Sharable
final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {
    /** Each open connection's entry, for its query handler to mark activity on. */
    static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("tomldns.tcp.connection");

    private final TcpSettings settings;
    private final DnsMetrics metrics;
    private final List<Connection> all = new ArrayList<>();
    private final Map<Object, List<Connection>> byClient = new HashMap<>();

    TcpConnectionLimit(TcpSettings settings, DnsMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** One open connection: when it last completed a query (or connected). */
    static final class Connection {
        final Channel channel;
        final Object client;
        volatile long lastActive = System.nanoTime();
        boolean removed;

        Connection(Channel channel, Object client) {
            this.channel = channel;
            this.client = client;
        }

        /** A whole query arrived in the read at {@code now} ({@link System#nanoTime()}): the connection is in use. */
        void active(long now) {
            lastActive = now;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        Connection c = new Connection(ch, clientOf(ch.remoteAddress()));
        Connection victim = null;
        Connection second = null;
        synchronized (this) {
            List<Connection> mine = byClient.computeIfAbsent(c.client, k -> new ArrayList<>());
            if (mine.size() >= settings.maxConnectionsPerAddress()) {
                victim = idleLongest(mine);
                remove(victim);
            }
            if (all.size() >= settings.maxConnections()) {
                second = idleLongest(all);
                remove(second);
            }
            mine = byClient.computeIfAbsent(c.client, k -> new ArrayList<>());
            mine.add(c);
            all.add(c);
        }
        for (Connection v : new Connection[] {victim, second}) {
            if (v != null) {
                metrics.tcpClosedByServer(TcpClose.EVICTED);
                v.channel.close();
            }
        }
        ch.attr(CONNECTION).set(c);
        metrics.tcpOpened();
        ch.closeFuture().addListener(f -> {
            synchronized (this) {
                remove(c);
            }
            metrics.tcpClosed();
        });
        super.channelActive(ctx);
    }

    private static Connection idleLongest(List<Connection> list) {
        Connection oldest = list.get(0);
        for (Connection c : list) {
            if (c.lastActive - oldest.lastActive < 0) {
                oldest = c;
            }
        }
        return oldest;
    }

    /** Under the lock; once per connection (eviction and close both call it). */
    private void remove(Connection c) {
        if (c.removed) {
            return;
        }
        c.removed = true;
        all.remove(c);
        List<Connection> mine = byClient.get(c.client);
        if (mine != null) {
            mine.remove(c);
            if (mine.isEmpty()) {
                byClient.remove(c.client);
            }
        }
    }

    /** An IPv4 address, or an IPv6 address's /64: what one client usually has (RFC 6177 assigns /64s and more). */
    private static Object clientOf(java.net.SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress isa) || isa.getAddress() == null) {
            return "unknown";
        }
        InetAddress a = isa.getAddress();
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            long prefix = 0;
            for (int i = 0; i < 8; i++) {
                prefix = prefix << 8 | (b[i] & 0xFF);
            }
            return prefix;
        }
        return a;
    }

    synchronized int open() {
        return all.size();
    }
}
