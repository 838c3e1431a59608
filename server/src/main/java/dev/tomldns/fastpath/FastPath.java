package dev.tomldns.fastpath;

import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.query.Transport;
import dev.tomldns.wire.Limits;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the common queries straight from the received buffer into a pooled response buffer, without dnsjava
 * objects: a plain QUERY (see {@link WireQuery}) for a name in one of our zones gets its cached positive answer
 * ({@link FastZone}) or a negative answer written here ({@link NegativeAnswer}); the octets are those the reference
 * {@link QueryProcessor} would send, which the differential test pins.
 *
 * <p>Everything else returns {@code null} and the caller uses the reference path: other opcodes, EDNS with options
 * or version &gt; 0, meta types, ANY, DS, CNAMEs, referrals, names in no zone of ours, and responses that would
 * not fit the UDP size limit (truncation is the reference path's job).
 */
public final class FastPath {
    private static final Logger log = LoggerFactory.getLogger(FastPath.class);
    /** RFC 2308 §2.1 NXDOMAIN. */
    private static final int NXDOMAIN = 3;
    /** QR and AA (RFC 1035 §4.1.1): our negative answers are authoritative. */
    private static final int QR_AA = 0x84;
    /** RFC 6891 §6.1.2: OPT record length with no options. */
    private static final int OPT_LENGTH = 11;
    /**
     * Types whose records hold no compressible name and get no additional data (RFC 3597 §4): a wildcard answer
     * for them is the wildcard's own answer with the owner pointing at the question.
     */
    private static final int[] WILDCARD_COPYABLE = {1, 13, 16, 28, 44, 52, 99, 257};

    private final ZoneRegistry registry;
    private final QueryProcessor processor;
    private final DnsMetrics metrics;
    private final QueryLog queryLog;
    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };
    private volatile FastCatalog current = FastCatalog.NONE;
    private final Executor builder;

    /** A fast path whose index is built on the thread that swaps the catalog (tests: answers follow at once). */
    public FastPath(QueryProcessor processor) {
        this(processor, Runnable::run);
        buildIndex();
    }

    /**
     * A fast path over the processor's zones; it rebuilds its index on {@code builder} whenever the registry swaps
     * the catalog. Until the index of the current catalog is built, every query takes the reference path, so a new
     * zone is served as soon as it is swapped in rather than after its index (for a million names, about half a
     * second of one CPU).
     */
    public FastPath(QueryProcessor processor, Executor builder) {
        this.registry = processor.registry();
        this.processor = processor;
        this.metrics = processor.metrics();
        this.queryLog = processor.queryLog();
        this.builder = builder;
        registry.addListener(catalog -> builder.execute(() -> rebuild(catalog)));
    }

    /**
     * Builds the index of the current catalog on the builder (later swaps build theirs by themselves). The server
     * asks for it once its sockets are open, so on one CPU the first index does not delay the first answer.
     */
    public void buildIndex() {
        builder.execute(() -> rebuild(registry.current()));
    }

    private synchronized void rebuild(Catalog catalog) {
        // A catalog swapped out while waiting here is skipped: the index of the newest one is the only one used.
        if (registry.current() != catalog || current.catalog == catalog) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            current = FastCatalog.of(catalog, current);
        } catch (RuntimeException e) {
            // A bug here must not stop serving: the stale index is never used, so the reference path answers all.
            log.error("fast-path index for {} zone(s) not built; the reference path answers every query", catalog.size(),
                    e);
            return;
        }
        log.debug("fast-path index for {} zone(s) built in {} ms", catalog.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The response to {@code query}, or {@code null} when the reference path must answer it. The query buffer is
     * only read; the returned buffer comes from {@code alloc} and belongs to the caller. Answers are counted in the
     * processor's metrics and query log like the reference path's ({@code client} is for the log line).
     */
    public ByteBuf answer(ByteBuf query, Transport transport, InetSocketAddress client, ByteBufAllocator alloc) {
        try {
            return cached(query, transport, client, alloc);
        } catch (RuntimeException e) {
            // No exception reaches Netty: a failure here is logged and the reference path answers the query
            // (SERVFAIL, if it fails too).
            log.warn("fast path failed on a query from {}; the reference path answers it: {}", client, e.toString(),
                    e);
            return null;
        }
    }

    private ByteBuf cached(ByteBuf query, Transport transport, InetSocketAddress client, ByteBufAllocator alloc) {
        long received = System.nanoTime();
        FastCatalog cat = current;
        if (cat.catalog != registry.current() || processor.claimsOrdinaryQueries()) {
            return null;
        }
        Scratch s = scratch.get();
        WireQuery q = s.query;
        if (!q.parse(query)) {
            return null;
        }
        FastZone zone = cat.zoneFor(q);
        if (zone == null) {
            return null;
        }
        // dnsjava 3.7.1's Message.toWire(limit) renders records only up to limit - 12 (it counts the header twice):
        // anything the reference path would truncate at that bound is left to it, so both paths agree.
        int limit = (transport == Transport.TCP ? Limits.TCP_MAX : q.udpLimit()) - WireQuery.HEADER;
        ByteBuf out = lookup(zone, query, q, s, limit, alloc);
        if (out != null) {
            count(transport, client, zone, q, out, received);
        }
        return out;
    }

    /** The same counts and log lines as the reference path's (QueryProcessor.encode) for an answer sent here. */
    private void count(Transport transport, InetSocketAddress client, FastZone zone, WireQuery q, ByteBuf out,
            long received) {
        int rcode = out.getByte(out.readerIndex() + 3) & 0x0f;
        metrics.query(transport, q.qtype, rcode, zone.zone.origin(), out.readableBytes(), System.nanoTime() - received);
        if (queryLog.sample()) {
            queryLog.log(transport, client, q.name(), q.qtype, rcode, out.readableBytes());
        }
    }

    private static ByteBuf lookup(FastZone zone, ByteBuf query, WireQuery q, Scratch s, int limit,
            ByteBufAllocator alloc) {
        WireNameTable names = zone.names;
        int id = names.find(q.name, 0, q.nameLength, q.suffixHash[0]);
        if (id >= 0) {
            return atName(zone, id, query, q, s, limit, alloc);
        }
        // RFC 4592 §3.3.1: the closest encloser is the deepest existing ancestor; the origin always exists.
        int originAt = q.labels - zone.originLabels;
        for (int l = 1; l <= originAt; l++) {
            int from = q.labelStart[l];
            int len = q.nameLength - from;
            int encloser = names.find(q.name, from, len, q.suffixHash[l]);
            if (encloser < 0) {
                continue;
            }
            if ((zone.flags(encloser) & FastZone.DELEGATED) != 0) {
                return null; // RFC 1034 §4.3.2 step 3b: a referral
            }
            int wildcard = names.findWildcard(q.name, from, len, q.suffixHash[l]);
            if (wildcard < 0) {
                return negative(zone, query, q, s, NXDOMAIN, limit, alloc);
            }
            return atWildcard(zone, wildcard, query, q, s, limit, alloc);
        }
        return null;
    }

    /** RFC 1034 §4.3.2 step 3a at an existing name: its data, NODATA, or (not here) a CNAME or referral. */
    private static ByteBuf atName(FastZone zone, int id, ByteBuf query, WireQuery q, Scratch s, int limit,
            ByteBufAllocator alloc) {
        int flags = zone.flags(id);
        if ((flags & FastZone.DELEGATED) != 0) {
            return null;
        }
        int index = zone.typeIndex(id, q.qtype);
        if (index >= 0) {
            byte[] cached = zone.answer(id, index);
            return cached == null ? null : positive(cached, WireQuery.HEADER + q.questionLength(), query, q, limit,
                    alloc);
        }
        if ((flags & FastZone.CNAME) != 0) {
            return null;
        }
        return negative(zone, query, q, s, 0, limit, alloc);
    }

    /** RFC 4592 §3.3.1: synthesis from {@code *.<closest encloser>}, owned by the query name. */
    private static ByteBuf atWildcard(FastZone zone, int wildcard, ByteBuf query, WireQuery q, Scratch s, int limit,
            ByteBufAllocator alloc) {
        int flags = zone.flags(wildcard);
        if (flags != 0) {
            return null;
        }
        int index = zone.typeIndex(wildcard, q.qtype);
        if (index < 0) {
            return negative(zone, query, q, s, 0, limit, alloc);
        }
        if (!wildcardCopyable(q.qtype)) {
            return null;
        }
        byte[] cached = zone.answer(wildcard, index);
        if (cached == null) {
            return null;
        }
        // The cached answer is for the question "*.<encloser>": its records start after that question.
        return positive(cached, WireQuery.HEADER + zone.names.length(wildcard) + 4, query, q, limit, alloc);
    }

    private static boolean wildcardCopyable(int type) {
        for (int t : WILDCARD_COPYABLE) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /**
     * Header with the query's ID and RD (CD is not echoed, as the reference path, NSD and Knot do); the query's
     * question as sent; the cached records; OPT if asked.
     */
    private static ByteBuf positive(byte[] cached, int recordsAt, ByteBuf query, WireQuery q, int limit,
            ByteBufAllocator alloc) {
        int qlen = q.questionLength();
        int length = WireQuery.HEADER + qlen + cached.length - recordsAt + (q.edns ? OPT_LENGTH : 0);
        if (length > limit) {
            return null;
        }
        ByteBuf out = alloc.ioBuffer(length);
        try {
            out.writeShort(q.id);
            out.writeByte(cached[2] | q.rdBit);
            out.writeByte(cached[3]);
            out.writeBytes(cached, 4, 6);
            int arcount = ((cached[10] & 0xff) << 8 | (cached[11] & 0xff)) + (q.edns ? 1 : 0);
            out.writeShort(arcount);
            out.writeBytes(q.raw, WireQuery.HEADER, qlen);
            out.writeBytes(cached, recordsAt, cached.length - recordsAt);
            writeOpt(out, q, 0);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** RFC 2308 §2.1/§2.2: NXDOMAIN or NODATA, the zone's SOA in authority. */
    private static ByteBuf negative(FastZone zone, ByteBuf query, WireQuery q, Scratch s, int rcode, int limit,
            ByteBufAllocator alloc) {
        int qlen = q.questionLength();
        ByteBuf out = alloc.ioBuffer(WireQuery.HEADER + qlen + 96 + (q.edns ? OPT_LENGTH : 0));
        int base = out.writerIndex();
        try {
            out.writeShort(q.id);
            out.writeByte(QR_AA | q.rdBit);
            out.writeByte(rcode);
            out.writeShort(1);
            out.writeShort(0);
            out.writeShort(1);
            out.writeShort(q.edns ? 1 : 0);
            out.writeBytes(q.raw, WireQuery.HEADER, qlen);
            zone.negative.writeSoa(out, base, q, s.compression);
            writeOpt(out, q, rcode);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (out.writerIndex() - base > limit) {
            out.release();
            return null;
        }
        return out;
    }

    /** RFC 6891 §6.1.3, §7: our OPT (payload 1232, version 0, DO copied per RFC 3225 §3, no options). */
    private static void writeOpt(ByteBuf out, WireQuery q, int rcode) {
        if (!q.edns) {
            return;
        }
        out.writeByte(0);
        out.writeShort(41);
        out.writeShort(Limits.OUR_UDP_PAYLOAD);
        out.writeByte(rcode >>> 4);
        out.writeByte(0);
        out.writeShort(q.dnssecOk ? 0x8000 : 0);
        out.writeShort(0);
    }

    /** Per event-loop thread working state. */
    private static final class Scratch {
        final WireQuery query = new WireQuery();
        final NegativeAnswer.Compression compression = new NegativeAnswer.Compression();
    }
}
