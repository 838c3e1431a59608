package dev.tomldns.fastpath;

import dev.tomldns.edns.EdnsOptions;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Limits;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer cache in front of the reference {@link QueryProcessor}: answers the common queries straight from the
 * received buffer into a pooled response buffer, without dnsjava objects. A plain QUERY (see {@link WireQuery})
 * picks its zone ({@link Catalog#find(dev.tomldns.zone.QueryName)}) and its place in the zone
 * ({@link Zone#locate}, the lookup the reference path uses too); an exact name or a wildcard gets its pre-encoded
 * answer ({@link FastZone}, filled by the encoder) patched for ID, RD and the question's letter case, and NXDOMAIN
 * or NODATA the encoder's NODATA answer at the closest encloser or wildcard, its question and pointers moved
 * ({@link FastZone.Negative}). The octets are those the encoder would send,
 * which {@code CachedAnswerPropertyTest} pins.
 *
 * <p>A query's NSID and COOKIE options (RFC 5001, RFC 7873) are answered here, the server cookie made per reply.
 * Everything else returns {@code null} and the caller uses the reference path: other opcodes, other EDNS options
 * or version &gt; 0, BADCOOKIE answers (RFC 7873 §5.2.3), meta types, ANY, DS, CNAMEs, referrals, DNAME redirections, names in no zone of ours, zones
 * whose cache is not attached yet, and responses that would not fit the UDP size limit (truncation is the
 * reference path's job).
 */
public final class FastPath {
    private static final Logger log = LoggerFactory.getLogger(FastPath.class);
    /** RFC 2308 §2.1 NXDOMAIN. */
    private static final int NXDOMAIN = 3;
    /** RFC 6891 §6.1.2: OPT record length with no options. */
    private static final int OPT_LENGTH = 11;
    /** A cached positive answer's records are copied as they are. */
    private static final int[] NO_POINTERS = new int[0];
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
    private final Executor builder;

    /** A fast path whose caches are built on the thread that swaps the catalog (tests: answers follow at once). */
    public FastPath(QueryProcessor processor) {
        this(processor, Runnable::run);
        buildIndex();
    }

    /**
     * A fast path over the processor's zones; it attaches an answer cache to each new zone on {@code builder}
     * whenever the registry swaps the catalog. Until a zone's cache is attached, its queries take the reference
     * path, so a new zone is served as soon as it is swapped in rather than after its cache (for a million names,
     * a few hundred milliseconds of one CPU).
     */
    public FastPath(QueryProcessor processor, Executor builder) {
        this.registry = processor.registry();
        this.processor = processor;
        this.metrics = processor.metrics();
        this.queryLog = processor.queryLog();
        this.builder = builder;
        registry.addListener(catalog -> builder.execute(() -> attach(catalog)));
    }

    /**
     * Attaches the caches of the current catalog's zones on the builder (later swaps attach theirs by themselves).
     * The server asks for it once its sockets are open, so on one CPU the first cache does not delay the first
     * answer.
     */
    public void buildIndex() {
        builder.execute(() -> attach(registry.current()));
    }

    private synchronized void attach(Catalog catalog) {
        // A catalog swapped out while waiting here is skipped: its new zones are in the newest one too.
        if (registry.current() != catalog) {
            return;
        }
        long t0 = System.nanoTime();
        int built = 0;
        for (Zone zone : catalog.zones()) {
            if (zone.attachment() != null) {
                continue;
            }
            try {
                // The zone's denial proofs (RFC 4035 §3.1.3) are made here too, off the query path.
                dev.tomldns.dnssec.DenialProofs.of(zone);
                zone.attach(FastZone.of(zone));
                built++;
            } catch (RuntimeException e) {
                // A bug here must not stop serving: without a cache, the reference path answers the zone.
                log.error("answer cache for {} not built; the reference path answers its queries", zone.origin(), e);
            }
        }
        if (built > 0) {
            log.debug("answer caches for {} zone(s) built in {} ms", built, (System.nanoTime() - t0) / 1_000_000);
        }
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
        Scratch s = scratch.get();
        WireQuery q = s.query;
        if (!q.parse(query)) {
            return null;
        }
        Zone found = registry.current().find(q.name);
        if (found == null || !(found.attachment() instanceof FastZone zone)) {
            return null;
        }
        EdnsOptions edns = processor.ednsOptions();
        InetAddress address = client == null ? null : client.getAddress();
        if (q.cookieAt >= 0 && !edns.cookieAccepted(q.raw, q.cookieAt, q.cookieLength, transport, address)) {
            return null; // RFC 7873 §5.2.3: BADCOOKIE, the reference path's
        }
        s.edns = edns;
        s.client = address;
        // RFC 5001 §2.1, RFC 7873 §5.2.2: the NSID and COOKIE options answered, written per reply.
        s.optionsLength = q.edns ? edns.answerLength(q.nsidAsked, q.cookieAt >= 0, address) : 0;
        // dnsjava 3.7.1's Message.toWire(limit) renders records only up to limit - 12 (it counts the header twice):
        // anything the reference path would truncate at that bound is left to it, so both paths agree.
        int limit = (transport == Transport.TCP ? Limits.TCP_MAX : q.udpLimit()) - WireQuery.HEADER;
        ByteBuf out = lookup(zone, q, s, limit, alloc);
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
            queryLog.log(transport, client, q.questionName(), q.qtype, rcode, out.readableBytes());
        }
    }

    /** The answer at the place {@link Zone#locate} finds: cached, negative, or (referrals, DNAMEs) none. */
    private static ByteBuf lookup(FastZone zone, WireQuery q, Scratch s, int limit, ByteBufAllocator alloc) {
        long where = zone.zone.locate(q.name, q.qtype);
        int id = Zone.id(where);
        switch (Zone.kind(where)) {
            case Zone.EXACT:
                return atName(zone, id, q, s, limit, alloc);
            case Zone.WILDCARD:
                return atWildcard(zone, id, q, s, limit, alloc);
            case Zone.NXDOMAIN:
                // RFC 4035 §3.1.3.2: with DO, a signed zone's NXDOMAIN carries NSEC proofs: the reference path's.
                return q.dnssecOk && zone.zone.signed() ? null
                        : negative(zone, id, zone.zone.nameLength(id), NXDOMAIN, s, limit, alloc);
            default:
                return null; // a referral or a DNAME redirection: the reference path's
        }
    }

    /** RFC 1034 §4.3.2 step 3a at an existing name: its cached data, NODATA, or (not here) a CNAME to follow. */
    private static ByteBuf atName(FastZone zone, int id, WireQuery q, Scratch s, int limit,
            ByteBufAllocator alloc) {
        // RFC 4035 §3.1: a DO=1 query of a signed zone gets the RRSIGs (cached beside the plain answers) and, for
        // NODATA, the name's NSEC or NSEC3 proof (cached per name).
        boolean signed = q.dnssecOk && zone.zone.signed();
        int index = zone.typeIndex(id, q.qtype);
        if (index >= 0) {
            byte[] cached = zone.answer(id, index, signed);
            return cached == null ? null : positive(cached, WireQuery.HEADER + q.questionLength(), s, limit, alloc);
        }
        if ((zone.flags(id) & FastZone.CNAME) != 0) {
            return null;
        }
        if (signed) {
            byte[] cached = zone.signedNodata(id, q.qtype);
            return cached == null ? null : positive(cached, WireQuery.HEADER + q.questionLength(), s, limit, alloc);
        }
        return negative(zone, id, q.nameLength, 0, s, limit, alloc);
    }

    /** RFC 4592 §3.3.1: synthesis from {@code *.<closest encloser>}, owned by the query name. */
    private static ByteBuf atWildcard(FastZone zone, int wildcard, WireQuery q, Scratch s, int limit,
            ByteBufAllocator alloc) {
        // A signed wildcard answer carries the NSEC proof for the query name (RFC 4035 §3.1.3.3): not a copy.
        if (zone.flags(wildcard) != 0 || (q.dnssecOk && zone.zone.signed())) {
            return null;
        }
        int index = zone.typeIndex(wildcard, q.qtype);
        if (index < 0) {
            // RFC 4592 §3.3.1: NODATA from the wildcard, whose question "*.<encloser>" ends with the encloser.
            return negative(zone, wildcard, zone.zone.nameLength(wildcard) - 2, 0, s, limit, alloc);
        }
        if (!wildcardCopyable(q.qtype)) {
            return null;
        }
        byte[] cached = zone.answer(wildcard, index);
        if (cached == null) {
            return null;
        }
        // The cached answer is for the question "*.<encloser>": its records start after that question.
        return positive(cached, WireQuery.HEADER + zone.zone.nameLength(wildcard) + 4, s, limit, alloc);
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
    private static ByteBuf positive(byte[] cached, int recordsAt, Scratch s, int limit, ByteBufAllocator alloc) {
        return write(cached, recordsAt, NO_POINTERS, 0, 0, s, limit, alloc);
    }

    /**
     * RFC 2308 §2.1/§2.2: NXDOMAIN ({@code rcode} 3) or NODATA, the zone's SOA in authority: the template at name
     * {@code id} ({@link FastZone.Negative}), whose question's name ends with the last {@code common} octets of
     * the query's; {@code null} when the template does not fit this question.
     */
    private static ByteBuf negative(FastZone zone, int id, int common, int rcode, Scratch s, int limit,
            ByteBufAllocator alloc) {
        FastZone.Negative t = zone.negative(id);
        WireQuery q = s.query;
        if (t == null || t.minTarget < t.nameLength - common) {
            return null;
        }
        if (q.nameLength > common && zone.soaNameEndsWith(q, labelAbove(q, common))) {
            return null;
        }
        return write(t.wire, t.recordsAt(), t.pointers, q.nameLength - t.nameLength, rcode, s, limit, alloc);
    }

    /** The query's label just above its last {@code common} octets (a suffix of whole labels). */
    private static int labelAbove(WireQuery q, int common) {
        int at = q.nameLength - common;
        int l = 0;
        while (q.name.labelStart(l + 1) < at) {
            l++;
        }
        return l;
    }

    /**
     * The response: the query's ID and RD, the cached flags and counts ({@code rcode} added), the question as sent,
     * the cached records after {@code recordsAt} with the compression pointers at {@code pointers} moved by
     * {@code delta} (the question is that much longer than the cached one's), and the OPT when asked; {@code null}
     * when it would not fit {@code limit}.
     */
    private static ByteBuf write(byte[] cached, int recordsAt, int[] pointers, int delta, int rcode, Scratch s,
            int limit, ByteBufAllocator alloc) {
        WireQuery q = s.query;
        int qlen = q.questionLength();
        int length = WireQuery.HEADER + qlen + cached.length - recordsAt + (q.edns ? OPT_LENGTH + s.optionsLength : 0);
        if (length > limit) {
            return null;
        }
        ByteBuf out = alloc.ioBuffer(length);
        try {
            out.writeShort(q.id);
            out.writeByte(cached[2] | q.rdBit);
            out.writeByte(cached[3] | rcode);
            out.writeBytes(cached, 4, 6);
            int arcount = ((cached[10] & 0xff) << 8 | (cached[11] & 0xff)) + (q.edns ? 1 : 0);
            out.writeShort(arcount);
            out.writeBytes(q.raw, WireQuery.HEADER, qlen);
            int records = out.writerIndex();
            out.writeBytes(cached, recordsAt, cached.length - recordsAt);
            for (int at : pointers) {
                int target = ((cached[at] & 0x3f) << 8 | (cached[at + 1] & 0xff)) + delta;
                if (target > 0x3fff) {
                    out.release();
                    return null;
                }
                out.setShort(records + at - recordsAt, 0xc000 | target);
            }
            writeOpt(out, s, rcode);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * RFC 6891 §6.1.3, §7: our OPT (payload 1232, version 0, DO copied per RFC 3225 §3) with the NSID and COOKIE
     * options the query asked for, the same the reference path writes.
     */
    private static void writeOpt(ByteBuf out, Scratch s, int rcode) {
        WireQuery q = s.query;
        if (!q.edns) {
            return;
        }
        out.writeByte(0);
        out.writeShort(41);
        out.writeShort(Limits.OUR_UDP_PAYLOAD);
        out.writeByte(rcode >>> 4);
        out.writeByte(0);
        out.writeShort(q.dnssecOk ? 0x8000 : 0);
        out.writeShort(s.optionsLength);
        if (s.optionsLength > 0) {
            s.edns.writeAnswer(s.options, 0, q.nsidAsked, q.raw, q.cookieAt, s.client);
            out.writeBytes(s.options, 0, s.optionsLength);
        }
    }

    /** Per event-loop thread working state. */
    private static final class Scratch {
        final WireQuery query = new WireQuery();
        /** The options of the reply being written: NSID (at most 4 + 128 octets) and COOKIE. */
        final byte[] options = new byte[4 + dev.tomldns.edns.Nsid.MAX_LENGTH + EdnsOptions.COOKIE_ANSWER_LENGTH];
        EdnsOptions edns;
        InetAddress client;
        int optionsLength;
    }
}
