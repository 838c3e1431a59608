package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One datagram in, at most one datagram out; writes are flushed once per read batch. The fast path answers the
 * common queries from the received buffer; the rest go through the reference {@link QueryProcessor}.
 */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);
    private final QueryProcessor processor;
    private final FastPath fastPath;

    UdpQueryHandler(QueryProcessor processor, FastPath fastPath) {
        this.processor = processor;
        this.fastPath = fastPath;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf fast = fastPath.answer(packet.content(), Transport.UDP, packet.sender(), ctx.alloc());
        if (fast != null) {
            ctx.write(new DatagramPacket(fast, packet.sender()), ctx.voidPromise());
            return;
        }
        byte[] query = ByteBufUtil.getBytes(packet.content());
        byte[] response = processor.process(query, QueryContext.udp(packet.sender()));
        if (response != null) {
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(response), packet.sender()), ctx.voidPromise());
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
