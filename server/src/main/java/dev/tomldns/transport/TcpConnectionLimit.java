package dev.tomldns.transport;

import dev.tomldns.metrics.DnsMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps concurrent TCP connections (RFC 7766 §6.2.2): one over the cap is closed on accept. */
@ChannelHandler.Sharable
final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final DnsMetrics metrics;

    TcpConnectionLimit(int max, DnsMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.tcpRefused();
            ctx.close();
            return;
        }
        metrics.tcpOpened();
        ctx.channel().closeFuture().addListener(f -> {
            open.decrementAndGet();
            metrics.tcpClosed();
        });
        super.channelActive(ctx);
    }

    int open() {
        return open.get();
    }
}
