package dev.tomldns.rrl;

import dev.tomldns.wire.ResponseKind;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.QueryName;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * What RRL needs to know about an answer or NODATA that its octets do not say: the wildcard it was synthesized from
 * (RFC 4592 §3.3.1, the source of synthesis {@code *.<closest encloser>}; the synthesized records carry the question
 * name, and without DNSSEC nothing in them tells). It is found by the lookup the answer came from
 * ({@link Catalog#find(QueryName)}, {@link Zone#locate}) on the response's question. The wildcard's owner then names
 * the bucket, as in NSD and BIND, so random names under one wildcard are one bucket. The owner is hashed as
 * {@link ResponseClassifier} hashes a name in a message (lower case, FNV-1a), so a query for the wildcard's own name
 * shares its bucket. Nothing is allocated: the question is read into a per-thread scratch name.
 */
final class ZoneLookup {
    /** RFC 1035 §4.1.1: the fixed header. */
    private static final int HEADER = 12;
    /** Result: the response was not synthesized from a wildcard (or its zone is not served any more). */
    static final long NONE = 0;

    private final ZoneRegistry registry;
    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    ZoneLookup(ZoneRegistry registry) {
        this.registry = registry;
    }

    /**
     * The classification of {@code response}, an answer or NODATA of {@code kind}, by the wildcard that synthesized
     * it (as a query for the wildcard's own name would be classified), or {@link #NONE} when no wildcard did.
     */
    long wildcard(ByteBuf response, ResponseKind kind) {
        Scratch s = scratch.get();
        int qtype = question(response, s);
        if (qtype < 0) {
            return NONE;
        }
        Zone zone = registry.current().find(s.name);
        if (zone == null) {
            return NONE;
        }
        long where = zone.locate(s.name, qtype);
        if (Zone.kind(where) != Zone.WILDCARD) {
            return NONE;
        }
        // The wildcard is "*" over the closest encloser, a suffix of the question name.
        int encloser = zone.nameLength(Zone.id(where)) - 2;
        long h = ResponseClassifier.fnv(ResponseClassifier.FNV_OFFSET, 1);
        h = ResponseClassifier.fnv(h, '*');
        return ResponseClassifier.named(kind, suffixHash(h, s.name, encloser), qtype);
    }

    /** Reads the question into {@code s.name}; its type, or -1 when it is not a name the lookup reads. */
    private static int question(ByteBuf r, Scratch s) {
        int base = r.readerIndex();
        int n = Math.min(QueryName.MAX_LENGTH, r.writerIndex() - base - HEADER);
        if (n <= 0) {
            return -1;
        }
        r.getBytes(base + HEADER, s.octets, 0, n);
        int after = s.name.read(s.octets, 0, n);
        int typeAt = base + HEADER + after;
        if (after < 0 || typeAt + 2 > r.writerIndex()) {
            return -1;
        }
        return r.getUnsignedShort(typeAt);
    }

    /** FNV-1a, continuing from {@code h}, over the last {@code length} octets of the (lowercase) name. */
    private static long suffixHash(long h, QueryName name, int length) {
        byte[] b = name.lowercase();
        int end = name.length() - 1; // the root label is not hashed
        for (int i = name.length() - length; i >= 0 && i < end; i++) {
            h = ResponseClassifier.fnv(h, b[i] & 0xff);
        }
        return h == NONE ? 1 : h;
    }

    /** One event-loop thread's name buffers. */
    private static final class Scratch {
        final byte[] octets = new byte[QueryName.MAX_LENGTH];
        final QueryName name = new QueryName();
    }
}
