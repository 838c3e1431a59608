package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryProcessor;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.WriteBufferWaterMark;

/**
 * RFC 7766 §8 / RFC 1035 §4.2.2: each message is prefixed by its 2-octet length; many per connection. The connection
 * table first, then the query handler: framing both ways, backpressure, the query and idle timeouts. One handler
 * rather than a codec and a timer handler each, so a query passes no handler that adds a future or a buffer.
 */
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Netty's default marks, said here because the backpressure depends on them: 32 KiB low, 64 KiB high. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 << 10, 64 << 10);
    private final QueryProcessor processor;
    private final TcpSettings settings;
    private final TcpConnectionLimit limit;
    private final FastPath fastPath;

    TcpChannelInitializer(QueryProcessor processor, FastPath fastPath, TcpSettings settings,
            TcpConnectionLimit limit) {
        this.processor = processor;
        this.fastPath = fastPath;
        this.settings = settings;
        this.limit = limit;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("limit", limit)
                .addLast("query", new TcpQueryHandler(processor, fastPath, settings));
        // Octets of answers queued before the connection counts as not writable and stops being read.
        ch.config().setWriteBufferWaterMark(WATER_MARK);
    }
}
