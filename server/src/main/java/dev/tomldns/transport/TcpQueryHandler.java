package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.metrics.DnsMetrics.TcpClose;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the length-framed queries of one connection (RFC 7766 §8: each message prefixed by its 2-octet length),
 * answers each, and frames the answers the same way. Pipelined queries (RFC 7766 §6.2.1.1) are answered in order as
 * each completes and written together at the end of a read batch.
 *
 * <p>Per query this handler costs the answer's buffer and nothing else: the query is read where it lies in the read
 * buffer; the fast path encodes its answer behind two octets of room for the length field
 * ({@link LengthPrefixAllocator}), so the answer leaves as that one buffer; answers are written with the void promise
 * (no future, no listener) and flushed once per read batch; the clocks are read once per read batch and the timeouts
 * checked by one timer per connection. Where a bound needs to know how much waits for the client, it asks the
 * channel's outbound buffer instead of counting each answer.
 *
 * <p>The bounds per connection:
 * <ul>
 *   <li>Backpressure: while {@link TcpSettings#maxQueuedAnswers} answers (or the channel's write-buffer high-water
 *   mark of octets) wait for a client that does not read them, no further query is taken from the connection's
 *   buffer and the socket is not read ({@code autoRead} off); the kernel's window then stops the client. Reading
 *   resumes when the answers drain. A client that never reads so holds a bounded amount of memory and is closed by
 *   the idle timeout.</li>
 *   <li>A query must arrive whole within {@link TcpSettings#queryTimeoutMillis} of its first octet; octets that
 *   trickle in do not extend it (the idle timeout, reset by any read, would).</li>
 *   <li>RFC 7766 §6.2.3: a connection on which nothing was read and no answer moved towards the client for
 *   {@link TcpSettings#idleTimeoutMillis} is closed.</li>
 * </ul>
 */
final class TcpQueryHandler extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final QueryProcessor processor;
    private final FastPath fastPath;
    private final TcpSettings settings;
    private final long idleNanos;
    private final long queryNanos;
    /** The timer's task: made once, so arming the timer allocates only Netty's scheduled task. */
    private final Runnable checkTimeouts = this::checkTimeouts;
    private final ChannelFutureListener drained = f -> drained();

    // Set when the connection becomes active; then touched on its event loop only.
    private ChannelHandlerContext ctx;
    private InetSocketAddress client;
    private TcpConnectionLimit.Connection connection;
    private LengthPrefixAllocator framing;
    /**
     * The promise every answer is written with: none to make per answer, none to notify. An answer that cannot be
     * written (the connection closed meanwhile) is dropped without an exception event; Netty closes a connection
     * whose socket fails.
     */
    private ChannelPromise noFuture;
    /** Writes a further message (zone transfers) or a reply sent later (UPDATE), from any thread. */
    private Consumer<byte[]> send;

    /** Answers written since the last flush. */
    private int unflushed;
    private boolean paused;
    /** A whole query was taken in the read now being decoded. */
    private boolean answered;
    /** {@link System#nanoTime()} of the last read or of output seen moving: the idle clock. */
    private long lastActive;
    /** Part of a query is in; since {@link #partialSince}. */
    private boolean partial;
    private long partialSince;
    private ScheduledFuture<?> timer;
    /** What the outbound buffer held at the timer's last look, to tell whether the client reads its answers. */
    private int seenMessage;
    private long seenProgress;
    private long seenPending;

    TcpQueryHandler(QueryProcessor processor, FastPath fastPath, TcpSettings settings) {
        this.processor = processor;
        this.fastPath = fastPath;
        this.settings = settings;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(settings.idleTimeoutMillis());
        this.queryNanos = TimeUnit.MILLISECONDS.toNanos(settings.queryTimeoutMillis());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        client = (InetSocketAddress) ctx.channel().remoteAddress();
        connection = ctx.channel().attr(TcpConnectionLimit.CONNECTION).get();
        framing = new LengthPrefixAllocator(ctx.alloc());
        noFuture = new VoidChannelPromise(ctx.channel(), false);
        send = message -> write(message, true);
        lastActive = System.nanoTime();
        arm(Math.min(idleNanos, queryNanos));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long now = System.nanoTime();
        lastActive = now;
        try {
            super.channelRead(ctx, msg);
        } finally {
            if (answered) {
                answered = false;
                if (connection != null) {
                    connection.active(now);
                }
            }
        }
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
            if (!partial) {
                // The read that brought the query's first octets is the one now decoded.
                partial = true;
                partialSince = lastActive;
            }
            return;
        }
        partial = false;
        answered = true;
        int length = in.readUnsignedShort();
        int start = in.readerIndex();
        int end = start + length;
        int limit = in.writerIndex();
        // The query as the readable part of the read buffer itself (no slice to allocate), for the call only.
        in.writerIndex(end);
        try {
            answer(ctx, in, start, length);
        } finally {
            in.writerIndex(limit);
            in.readerIndex(end);
        }
    }

    /** Answers the query that is {@code in}'s readable octets. */
    private void answer(ChannelHandlerContext ctx, ByteBuf in, int start, int length) {
        ByteBuf fast = fastPath.answer(in, Transport.TCP, client, framing);
        if (fast != null) {
            if (fast.readableBytes() > LengthPrefixAllocator.MAX_MESSAGE) {
                fast.release();
                tooLong(ctx);
                return;
            }
            unflushed++;
            ctx.write(framing.frame(fast), noFuture);
            return;
        }
        framing.forget();
        byte[] query = ByteBufUtil.getBytes(in, start, length);
        byte[] response = processor.process(query, QueryContext.tcp(client, send));
        if (response == null) {
            // RFC 7766 §8: an unusable message on a stream leaves nothing to resynchronise on; close.
            if (query.length < 12) {
                ctx.close();
            }
            return;
        }
        write(response, false);
    }

    /** Writes one message with its length field; {@code flush} for those written from outside a read batch. */
    private void write(byte[] message, boolean flush) {
        if (message.length > LengthPrefixAllocator.MAX_MESSAGE) {
            tooLong(ctx);
            return;
        }
        ByteBuf framed = LengthPrefixAllocator.frame(ctx.alloc(), message);
        if (flush) {
            ctx.writeAndFlush(framed, noFuture);
        } else {
            unflushed++;
            ctx.write(framed, noFuture);
        }
    }

    /** RFC 1035 §4.2.2: a TCP message's length is two octets; one longer cannot be sent, so the stream ends. */
    private void tooLong(ChannelHandlerContext ctx) {
        log.warn("an answer to {} over TCP is longer than 65,535 octets; connection closed", client);
        ctx.close();
    }

    /** Room for one more answer? When the count is at its cap, first hand what is queued to the socket. */
    private boolean canQueue(ChannelHandlerContext ctx) {
        int max = settings.maxQueuedAnswers();
        if (queued(ctx) >= max) {
            flush(ctx);
        }
        return queued(ctx) < max && ctx.channel().isWritable();
    }

    /** Answers written and not yet handed to the socket: those not flushed, and those the socket did not take. */
    private int queued(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return unflushed + (out == null ? 0 : out.size());
    }

    private void flush(ChannelHandlerContext ctx) {
        unflushed = 0;
        ctx.flush();
    }

    private void pause(ChannelHandlerContext ctx) {
        if (paused) {
            return;
        }
        paused = true;
        ctx.channel().config().setAutoRead(false);
        awaitDrain(ctx);
    }

    /** An empty buffer written behind the queued answers completes once they all left for the socket. */
    private void awaitDrain(ChannelHandlerContext ctx) {
        unflushed = 0;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(drained);
    }

    /** The answers queued when the connection paused have left (or the connection closed). */
    private void drained() {
        if (paused && ctx.channel().isActive() && !resume(ctx)) {
            // More was queued behind them (a transfer's messages, a reply sent later): wait for those too.
            awaitDrain(ctx);
        }
    }

    /**
     * Reads again once the answers drained: the queries already buffered first, then the socket. False when still
     * paused because too much waits for the client.
     */
    private boolean resume(ChannelHandlerContext ctx) {
        if (!paused || !ctx.channel().isActive()) {
            return true;
        }
        if (queued(ctx) >= settings.maxQueuedAnswers() || !ctx.channel().isWritable()) {
            return false;
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
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            resume(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The one timer: it wakes at least once per query timeout, so a query that starts meanwhile is seen in time. */
    private void arm(long delayNanos) {
        timer = ctx.executor().schedule(checkTimeouts, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Closes the connection if its query is overdue or it is idle; else looks again when one of them could be. */
    private void checkTimeouts() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (partial && now - partialSince >= queryNanos) {
            processor.metrics().tcpClosedByServer(TcpClose.QUERY_TIMEOUT);
            ctx.close();
            return;
        }
        if (outputMoved()) {
            lastActive = now;
        }
        long idleLeft = lastActive + idleNanos - now;
        if (idleLeft <= 0) {
            // RFC 7766 §6.2.3: idle connections are closed by the server.
            processor.metrics().tcpClosedByServer(TcpClose.IDLE);
            ctx.close();
            return;
        }
        long next = Math.min(idleLeft, queryNanos);
        if (partial) {
            next = Math.min(next, partialSince + queryNanos - now);
        }
        arm(next);
    }

    /**
     * Did answers move towards the client since the last look? A long transfer to a slow reader is in use, not idle;
     * answers that sit in the buffer because the client reads nothing do not count (as Netty's IdleStateHandler with
     * {@code observeOutput}).
     */
    private boolean outputMoved() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out == null) {
            return false;
        }
        Object current = out.current();
        int message = current == null ? 0 : System.identityHashCode(current);
        long progress = out.currentProgress();
        long pending = out.totalPendingWriteBytes();
        boolean moved = current != null && (message != seenMessage || progress != seenProgress
                || pending != seenPending);
        seenMessage = message;
        seenProgress = progress;
        seenPending = pending;
        return moved;
    }

    /**
     * Flushes the batch's answers. Replaces the decoder's own, which would ask for another read while
     * {@code autoRead} is off and so undo the backpressure.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        discardSomeReadBytes();
        if (unflushed > 0) {
            flush(ctx);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tcp connection {} closed after error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
