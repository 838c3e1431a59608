package dev.tomldns.transport;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The allocator a TCP connection hands the fast path: each buffer it makes has two octets of room before its reader
 * index for the message's length field (RFC 7766 §8: "the message is prefixed with a two byte length field").
 * {@link #frame} then writes the length into that room, so an answer leaves as the one pooled buffer it was encoded
 * in: no second buffer for the length, no copy. The fast path writes from a buffer's writer index on (offsets in the
 * message are relative to it), so the room is invisible to it.
 *
 * <p>One per connection, used on its event loop only.
 */
final class LengthPrefixAllocator extends AbstractByteBufAllocator {
    /** The length field's size. */
    static final int PREFIX = 2;
    /** The largest message a two-octet length can frame. */
    static final int MAX_MESSAGE = 0xFFFF;

    private final ByteBufAllocator pool;
    /** The buffer made last, so {@link #frame} knows whether the room in front of an answer is its own. */
    private ByteBuf last;

    LengthPrefixAllocator(ByteBufAllocator pool) {
        super(true);
        this.pool = pool;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return reserve(pool.directBuffer(initialCapacity + PREFIX, roomFor(maxCapacity)));
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return reserve(pool.heapBuffer(initialCapacity + PREFIX, roomFor(maxCapacity)));
    }

    private static int roomFor(int maxCapacity) {
        return maxCapacity > Integer.MAX_VALUE - PREFIX ? Integer.MAX_VALUE : maxCapacity + PREFIX;
    }

    private ByteBuf reserve(ByteBuf buf) {
        buf.setIndex(PREFIX, PREFIX);
        last = buf;
        return buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return pool.isDirectBufferPooled();
    }

    /**
     * {@code message} (at most {@link #MAX_MESSAGE} octets) as one buffer that starts with its length field: the
     * same buffer when this allocator made it last and its room is still in front, else a pooled copy ({@code message}
     * is then released).
     */
    ByteBuf frame(ByteBuf message) {
        int length = message.readableBytes();
        if (message == last && message.readerIndex() == PREFIX) {
            last = null;
            return message.setShort(0, length).readerIndex(0);
        }
        last = null;
        try {
            return frame(pool, message, length);
        } finally {
            message.release();
        }
    }

    /** The first {@code length} readable octets of {@code message} after their length field, in one pooled buffer. */
    static ByteBuf frame(ByteBufAllocator pool, ByteBuf message, int length) {
        ByteBuf out = pool.ioBuffer(PREFIX + length);
        return out.writeShort(length).writeBytes(message, message.readerIndex(), length);
    }

    /** {@code message} after its length field, in one pooled buffer. */
    static ByteBuf frame(ByteBufAllocator pool, byte[] message) {
        return pool.ioBuffer(PREFIX + message.length).writeShort(message.length).writeBytes(message);
    }

    /** Forgets the buffer made last (the fast path did not answer with it). */
    void forget() {
        last = null;
    }
}
