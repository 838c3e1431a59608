package dev.tomldns.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole request must arrive within the request timeout of the connection opening or of the previous answer;
 * octets that trickle in do not extend it. Otherwise the connection is closed. Event-loop thread only.
 */
final class HttpRequestDeadline extends ChannelDuplexHandler {
    private final long timeoutMillis;
    private ScheduledFuture<?> timer;

    HttpRequestDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    /** The request was answered: the next one has its own deadline. */
    void answered(ChannelHandlerContext ctx) {
        arm(ctx.pipeline().context(this));
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = ctx.executor().schedule(() -> {
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
