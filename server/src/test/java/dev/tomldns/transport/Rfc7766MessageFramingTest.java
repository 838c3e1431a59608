package dev.tomldns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.testing.Fixture;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 7766 §8: over TCP each message is prefixed by its two-octet length; RFC 7766 §6.2.1.1: a client may send
 * queries without waiting for answers. The TCP query handler on Netty's pipeline, over the example zones' fast path
 * (answer cache) and reference path: each answer leaves as exactly the message either path makes, after its length,
 * whether the queries come in one segment or octet by octet; and a cached answer costs the connection no allocation
 * beyond the answer's pooled buffer.
 */
class Rfc7766MessageFramingTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);

    /** Cached answers (positive, NXDOMAIN, NODATA; with and without EDNS) and some only the reference path makes. */
    private static List<Message> queries() throws Exception {
        List<Message> out = new ArrayList<>();
        String[][] table = {
            {"example.net.", "A"}, {"www.example.net.", "AAAA"}, {"example.net.", "CAA"}, {"example.net.", "MX"},
            {"mail2026._domainkey.example.net.", "TXT"}, {"_dmarc.example.net.", "TXT"},
            {"nope.example.net.", "A"}, {"www.example.net.", "TXT"}, {"WwW.ExAmPlE.NeT.", "A"},
            {"example.net.", "ANY"}, {"example.net.", "AXFR"}, {"example.org.", "SOA"}, {"not.ours.", "A"},
        };
        int id = 100;
        for (String[] row : table) {
            for (boolean edns : new boolean[] {false, true}) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(row[0]), Type.value(row[1]), DClass.IN));
                q.getHeader().setID(id++);
                if (edns) {
                    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
                }
                out.add(q);
            }
        }
        return out;
    }

    /** What either path answers to {@code query}, and whether the fast path did. */
    private record Expected(byte[] wire, boolean cached) { }

    private static Expected expected(QueryProcessor processor, FastPath fast, byte[] query) {
        ByteBuf answer = fast.answer(Unpooled.wrappedBuffer(query), Transport.TCP, CLIENT,
                PooledByteBufAllocator.DEFAULT);
        if (answer != null) {
            try {
                return new Expected(ByteBufUtil.getBytes(answer), true);
            } finally {
                answer.release();
            }
        }
        return new Expected(processor.process(query, QueryContext.tcp(CLIENT, extra -> { })), false);
    }

    private static QueryProcessor processor() {
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(Fixture.load(Fixture.exampleZones()));
        return new QueryProcessor(registry);
    }

    /** An embedded channel whose peer has an IP address, as a TCP client's has. */
    private static EmbeddedChannel connection(QueryProcessor processor, FastPath fast) {
        return new EmbeddedChannel(new TcpQueryHandler(processor, fast, TcpSettings.DEFAULTS)) {
            @Override
            protected SocketAddress remoteAddress0() {
                return CLIENT;
            }
        };
    }

    private static byte[] framed(byte[] wire) {
        byte[] out = new byte[wire.length + 2];
        out[0] = (byte) (wire.length >> 8);
        out[1] = (byte) wire.length;
        System.arraycopy(wire, 0, out, 2, wire.length);
        return out;
    }

    @Test
    void eachPipelinedAnswerIsItsMessageAfterItsTwoOctetLength() throws Exception {
        QueryProcessor processor = processor();
        FastPath fast = new FastPath(processor);
        List<Message> queries = queries();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Expected> expected = new ArrayList<>();
        int cached = 0;
        for (Message q : queries) {
            byte[] wire = q.toWire();
            stream.write(framed(wire));
            Expected e = expected(processor, fast, wire);
            expected.add(e);
            cached += e.cached ? 1 : 0;
        }
        // The table takes both paths: most from the cache, some only from the reference path.
        assertTrue(cached >= 14 && cached < queries.size(), cached + " of " + queries.size() + " cached");
        byte[] all = stream.toByteArray();
        for (int segment : new int[] {all.length, 1, 7}) {
            EmbeddedChannel ch = connection(processor, fast);
            for (int at = 0; at < all.length; at += segment) {
                ch.writeInbound(Unpooled.wrappedBuffer(all, at, Math.min(segment, all.length - at)));
            }
            ByteBuf out = Unpooled.buffer();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                out.writeBytes(b);
                b.release();
            }
            for (int i = 0; i < queries.size(); i++) {
                String what = "query " + i + " (" + queries.get(i).getQuestion() + "), segments of " + segment;
                byte[] want = expected.get(i).wire;
                assertTrue(out.readableBytes() >= 2, what + ": no answer");
                int length = out.readUnsignedShort();
                assertEquals(want.length, length, what + ": length field");
                byte[] got = new byte[length];
                out.readBytes(got);
                assertArrayEquals(want, got, what);
            }
            assertEquals(0, out.readableBytes(), "octets after the last answer");
            assertTrue(ch.isOpen());
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aCachedAnswerCostsTheConnectionNoAllocationBeyondItsBuffer() throws Exception {
        QueryProcessor processor = processor();
        FastPath fast = new FastPath(processor);
        List<byte[]> cached = new ArrayList<>();
        for (Message q : queries()) {
            byte[] wire = q.toWire();
            if (expected(processor, fast, wire).cached) {
                cached.add(wire);
            }
        }
        int batch = 64; // pipelined, as many as the connection queues at once
        ByteBuf[] alone = new ByteBuf[batch];
        ByteBuf pipelined = Unpooled.directBuffer();
        for (int i = 0; i < batch; i++) {
            byte[] wire = cached.get(i % cached.size());
            alone[i] = Unpooled.wrappedBuffer(wire);
            pipelined.writeBytes(framed(wire));
        }
        EmbeddedChannel ch = connection(processor, fast);
        // The same queries asked of the fast path alone, and through the connection: the difference is the
        // connection's own cost. Repeated, so that the JIT's work and first-use allocations are out of the figure.
        // On a thread of Netty's kind, as the event loop's: Netty pools its per-write entries on those only.
        long[] figures = new long[2];
        int rounds = 200;
        Thread loop = new FastThreadLocalThread(() -> figures(fast, ch, alone, pipelined, rounds, figures));
        loop.start();
        loop.join();
        long fastPathOnly = figures[0];
        long throughConnection = figures[1];
        long queries = (long) rounds * batch;
        long perQuery = (throughConnection - fastPathOnly) / queries;
        assertTrue(perQuery <= 16, "the connection allocates " + perQuery + " octets per cached answer beyond the "
                + "fast path's own " + fastPathOnly / queries);
        assertTrue(ch.isOpen());
        ch.finishAndReleaseAll();
        pipelined.release();
    }

    private static void figures(FastPath fast, EmbeddedChannel ch, ByteBuf[] alone, ByteBuf pipelined, int rounds,
            long[] figures) {
        long fastPathOnly = 0;
        long throughConnection = 0;
        for (int r = 0; r < 2 * rounds; r++) {
            long a0 = allocated();
            for (ByteBuf query : alone) {
                fast.answer(query, Transport.TCP, CLIENT, ch.alloc()).release();
            }
            long a1 = allocated();
            ch.writeInbound(pipelined.retainedDuplicate());
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                b.release();
            }
            long a2 = allocated();
            if (r >= rounds) {
                fastPathOnly += a1 - a0;
                throughConnection += a2 - a1;
            }
        }
        figures[0] = fastPathOnly;
        figures[1] = throughConnection;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
