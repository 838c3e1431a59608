package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each length-framed query on a connection. Pipelined queries (RFC 7766 §6.2.1.1) are answered as each
 * completes, and written together at the end of a read batch.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final QueryProcessor processor;
    private final FastPath fastPath;

    TcpQueryHandler(QueryProcessor processor, FastPath fastPath) {
        this.processor = processor;
        this.fastPath = fastPath;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf fast = fastPath.answer(frame, Transport.TCP, (InetSocketAddress) ctx.channel().remoteAddress(),
                ctx.alloc());
        if (fast != null) {
            ctx.write(fast, ctx.voidPromise());
            return;
        }
        byte[] query = ByteBufUtil.getBytes(frame);
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        QueryContext qc = QueryContext.tcp(client, extra -> ctx.writeAndFlush(Unpooled.wrappedBuffer(extra)));
        byte[] response = processor.process(query, qc);
        if (response == null) {
            // RFC 7766 §8: an unusable message on a stream leaves nothing to resynchronise on; close.
            if (query.length < 12) {
                ctx.close();
            }
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(response), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // RFC 7766 §6.2.3: idle connections are closed by the server.
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tcp connection {} closed after error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
