package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.rrl.ResponseRateLimit;
import dev.tomldns.wire.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One datagram in, at most one datagram out; writes are flushed once per read batch. The fast path answers the
 * common queries from the received buffer; the rest go through the reference {@link QueryProcessor}. Every
 * response of either path then passes response rate limiting when it is on (UDP only: TCP is never limited).
 */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);
    private final QueryProcessor processor;
    private final FastPath fastPath;
    /** Null when RRL is off. */
    private final ResponseRateLimit rrl;

    UdpQueryHandler(QueryProcessor processor, FastPath fastPath, ResponseRateLimit rrl) {
        this.processor = processor;
        this.fastPath = fastPath;
        this.rrl = rrl;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf fast = fastPath.answer(packet.content(), Transport.UDP, packet.sender(), ctx.alloc());
        if (fast != null) {
            send(ctx, packet, fast);
            return;
        }
        byte[] query = ByteBufUtil.getBytes(packet.content());
        InetSocketAddress sender = packet.sender();
        // A stage that must not block the loop (UPDATE) replies later, from its own thread, through this channel
        // (not through RRL: the query's buffer is released by then, and the update queue bounds those replies).
        byte[] response = processor.process(query, QueryContext.udp(sender,
                later -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(later), sender), ctx.voidPromise())));
        if (response != null) {
            send(ctx, packet, Unpooled.wrappedBuffer(response));
        }
    }

    /** Sends the response unless RRL drops it (a slipped one has been cut to TC=1 in place). */
    private void send(ChannelHandlerContext ctx, DatagramPacket packet, ByteBuf response) {
        if (rrl != null && limited(packet, response)) {
            response.release();
            return;
        }
        ctx.write(new DatagramPacket(response, packet.sender()), ctx.voidPromise());
    }

    /** RRL's verdict; a failure in it is logged and the response sent (no exception reaches Netty). */
    private boolean limited(DatagramPacket packet, ByteBuf response) {
        try {
            return rrl.check(packet.content(), response, packet.sender()) == ResponseRateLimit.DROP;
        } catch (RuntimeException e) {
            log.warn("rate limiting failed on a response to {}; sent unlimited: {}", packet.sender(), e.toString(), e);
            return false;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (e.g. ICMP port unreachable) must never close the listener.
        log.debug("udp error: {}", cause.toString());
    }
}
