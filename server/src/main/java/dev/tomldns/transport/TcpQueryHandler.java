package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.metrics.DnsMetrics.TcpClose;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the length-framed queries of one connection (RFC 7766 §8: each message prefixed by its 2-octet length) and
 * answers each. Pipelined queries (RFC 7766 §6.2.1.1) are answered as each completes and written together at the
 * end of a read batch.
 *
 * <p>Two bounds per connection:
 * <ul>
 *   <li>Backpressure: while more than {@link TcpSettings#maxQueuedAnswers} answers (or the channel's write-buffer
 *   high-water mark of octets) wait for a client that does not read them, no further query is taken from the
 *   connection's buffer and the socket is not read ({@code autoRead} off); the kernel's window then stops the
 *   client. Reading resumes when the answers drain. A client that never reads so holds a bounded amount of memory
 *   and is closed by the idle timeout.</li>
 *   <li>A query must arrive whole within {@link TcpSettings#queryTimeoutMillis} of its first octet; octets that
 *   trickle in do not extend it (the idle timeout, reset by any read, would).</li>
 * </ul>
 */
final class TcpQueryHandler extends ByteToMessageDecoder implements ChannelFutureListener {
    private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final QueryProcessor processor;
    private final FastPath fastPath;
    private final TcpSettings settings;
    private TcpConnectionLimit.Connection connection;
    /** Answers written and not yet handed to the socket. Event-loop thread only. */
    private int queued;
    private boolean paused;
    /** When the first octet of the query now partly received arrived (0: none is). */
    private long partialSince;
    private ScheduledFuture<?> queryTimer;

    TcpQueryHandler(QueryProcessor processor, FastPath fastPath, TcpSettings settings) {
        this.processor = processor;
        this.fastPath = fastPath;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connection = ctx.channel().attr(TcpConnectionLimit.CONNECTION).get();
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!canQueue(ctx)) {
            pause(ctx);
            return;
        }
        int readable = in.readableBytes();
        if (readable < 2 || readable < 2 + in.getUnsignedShort(in.readerIndex())) {
            queryStarted(ctx);
            return;
        }
        ByteBuf frame = in.readSlice(in.readUnsignedShort());
        partialSince = 0;
        if (connection != null) {
            connection.active();
        }
        answer(ctx, frame);
    }

    private void answer(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf fast = fastPath.answer(frame, Transport.TCP, (InetSocketAddress) ctx.channel().remoteAddress(),
                ctx.alloc());
        if (fast != null) {
            queue(ctx, fast);
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
        queue(ctx, Unpooled.wrappedBuffer(response));
    }

    private void queue(ChannelHandlerContext ctx, ByteBuf answer) {
        queued++;
        ctx.write(answer).addListener(this);
    }

    /** An answer left for the socket (or the connection closed): one fewer queued; maybe read again. */
    @Override
    public void operationComplete(ChannelFuture future) {
        queued--;
        if (paused) {
            ChannelHandlerContext ctx = future.channel().pipeline().context(this);
            if (ctx != null) {
                resume(ctx);
            }
        }
    }

    /** Room for one more answer? When the count is at its cap, first hand what is queued to the socket. */
    private boolean canQueue(ChannelHandlerContext ctx) {
        if (queued >= settings.maxQueuedAnswers()) {
            ctx.flush();
        }
        return queued < settings.maxQueuedAnswers() && ctx.channel().isWritable();
    }

    private void pause(ChannelHandlerContext ctx) {
        paused = true;
        ctx.channel().config().setAutoRead(false);
    }

    /** Reads again once the answers drained: the queries already buffered first, then the socket. */
    private void resume(ChannelHandlerContext ctx) {
        if (!paused || !ctx.channel().isActive() || queued >= settings.maxQueuedAnswers()
                || !ctx.channel().isWritable()) {
            return;
        }
        paused = false;
        ctx.channel().config().setAutoRead(true);
        // Not from inside a write listener that may run within decode: on the event loop's next turn.
        ctx.executor().execute(() -> {
            if (ctx.channel().isActive() && !ctx.isRemoved()) {
                try {
                    channelRead(ctx, Unpooled.EMPTY_BUFFER);
                    channelReadComplete(ctx);
                } catch (Exception e) {
                    exceptionCaught(ctx, e);
                }
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            resume(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Part of a query is in: it must be whole within the query timeout of its first octet. */
    private void queryStarted(ChannelHandlerContext ctx) {
        if (partialSince != 0 || !ctx.channel().isActive()) {
            return;
        }
        partialSince = System.nanoTime();
        if (queryTimer == null) {
            queryTimer = ctx.executor().schedule(() -> checkQueryTimeout(ctx), settings.queryTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One timer per connection at a time, re-armed for the query partly in when it fires. */
    private void checkQueryTimeout(ChannelHandlerContext ctx) {
        queryTimer = null;
        if (partialSince == 0 || !ctx.channel().isActive()) {
            return;
        }
        long left = settings.queryTimeoutMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - partialSince);
        if (left <= 0) {
            processor.metrics().tcpClosedByServer(TcpClose.QUERY_TIMEOUT);
            ctx.close();
            return;
        }
        queryTimer = ctx.executor().schedule(() -> checkQueryTimeout(ctx), left, TimeUnit.MILLISECONDS);
    }

    /**
     * Flushes the batch's answers. Replaces the decoder's own, which would ask for another read while
     * {@code autoRead} is off and so undo the backpressure.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        discardSomeReadBytes();
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // RFC 7766 §6.2.3: idle connections are closed by the server.
            processor.metrics().tcpClosedByServer(TcpClose.IDLE);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (queryTimer != null) {
            queryTimer.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tcp connection {} closed after error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
