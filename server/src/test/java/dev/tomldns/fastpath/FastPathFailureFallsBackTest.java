package dev.tomldns.fastpath;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tomldns.query.QueryProcessor;
import dev.tomldns.testing.Fixture;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * No exception reaches Netty: when the cached path fails (here the buffer allocator refuses, as a bounded one does
 * under pressure), the query is handed to the reference path instead of the exception to the event loop.
 */
class FastPathFailureFallsBackTest {
    /** An allocator that refuses every buffer. */
    private static final AbstractByteBufAllocator EXHAUSTED = new AbstractByteBufAllocator(false) {
        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            throw new IllegalStateException("no buffer of " + initialCapacity + " octets (test)");
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            throw new IllegalStateException("no buffer of " + initialCapacity + " octets (test)");
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    };

    @Test
    void aFailingCachedAnswerFallsBackToTheReferencePath() {
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(Fixture.load(Fixture.fixtureZones()));
        FastPath fast = new FastPath(new QueryProcessor(registry));
        byte[] positive = Fixture.query("mail.example.com.", Type.A).toWire();
        byte[] negative = Fixture.query("nothere.example.com.", Type.A).toWire();
        assertNotNull(fast.answer(Unpooled.wrappedBuffer(positive), Transport.UDP, Fixture.CLIENT,
                UnpooledByteBufAllocator.DEFAULT), "the cached path answers this query");
        assertNull(fast.answer(Unpooled.wrappedBuffer(positive), Transport.UDP, Fixture.CLIENT, EXHAUSTED));
        assertNull(fast.answer(Unpooled.wrappedBuffer(negative), Transport.UDP, Fixture.CLIENT, EXHAUSTED));
    }
}
