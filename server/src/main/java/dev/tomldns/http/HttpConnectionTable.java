package dev.tomldns.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;

/**
 * At most {@code max} HTTP connections; a new one over that closes the one open longest, so connections that hold a
 * slot without finishing a request cannot keep a health check out. (With the request deadline, the one open longest
 * is the one closest to being closed anyway.) One event loop serves every connection: no locking.
 */
@ChannelHandler.Sharable
final class HttpConnectionTable extends ChannelInboundHandlerAdapter {
    private final int max;
    private final ArrayDeque<Channel> open = new ArrayDeque<>();

    HttpConnectionTable(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        while (open.size() >= max) {
            open.pollFirst().close();
        }
        open.addLast(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
        super.channelActive(ctx);
    }
}
