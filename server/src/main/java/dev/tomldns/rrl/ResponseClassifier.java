package dev.tomldns.rrl;

import dev.tomldns.wire.ResponseKind;
import dev.tomldns.wire.WireName;
import io.netty.buffer.ByteBuf;

/**
 * Reads from a response's octets what RRL counts it by: its {@link ResponseKind} and the name of its bucket (the
 * question name and type for answers and NODATA; the zone, from the SOA owner in authority, for NXDOMAIN, so a
 * random-name flood is one bucket; the delegation's owner for referrals; no name for errors), as Knot and BIND key
 * their buckets. What the octets cannot say, that an answer was synthesized from a wildcard, {@link ZoneLookup}
 * finds. Nothing is allocated: names are hashed straight from the buffer, following compression pointers.
 */
final class ResponseClassifier {
    /** RFC 1035 §4.1.1: the fixed header. */
    private static final int HEADER = 12;
    private static final int NS = 2;
    private static final int SOA = 6;
    private static final int OPT = 41;
    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** The result of a response RRL leaves alone (not a QUERY response). */
    static final long NOT_LIMITED = -1;
    /** The name hash of an NXDOMAIN without an SOA in authority. */
    private static final long NO_SOA = 0;

    private ResponseClassifier() {
    }

    /**
     * The kind (low 3 bits, the ordinal) and the bucket name's hash (the other bits) of {@code r}, or
     * {@link #NOT_LIMITED} for responses to other opcodes than QUERY (NOTIFY, UPDATE: not a reflection vector).
     */
    static long classify(ByteBuf r) {
        int base = r.readerIndex();
        int end = r.writerIndex();
        if (end - base < HEADER) {
            return pack(ResponseKind.ERROR, 0);
        }
        int flags = r.getUnsignedShort(base + 2);
        if (((flags >>> 11) & 0xf) != 0) {
            return NOT_LIMITED;
        }
        int rcode = flags & 0xf;
        boolean aa = (flags & 0x0400) != 0;
        int qd = r.getUnsignedShort(base + 4);
        int an = r.getUnsignedShort(base + 6);
        int ns = r.getUnsignedShort(base + 8);
        if (rcode != 0 && rcode != 3 || qd != 1) {
            return pack(ResponseKind.ERROR, 0);
        }
        int p = base + HEADER;
        long qname = nameHash(r, base, p, end);
        p = WireName.skip(r, p, end);
        if (p < 0 || p + 4 > end) {
            return pack(ResponseKind.ERROR, 0);
        }
        int qtype = r.getUnsignedShort(p);
        p += 4;
        if (rcode == 0 && an > 0) {
            return named(ResponseKind.ANSWER, qname, qtype);
        }
        if (rcode == 0 && aa) {
            return named(ResponseKind.NODATA, qname, qtype);
        }
        // NXDOMAIN or an unauthoritative empty answer: the authority section names the zone or the cut.
        for (int i = 0; i < an && p >= 0; i++) {
            p = skipRecord(r, p, end);
        }
        int owner = p;
        int afterOwner = p < 0 ? -1 : WireName.skip(r, p, end);
        boolean hasAuthority = ns > 0 && afterOwner >= 0 && afterOwner + 10 <= end;
        if (rcode == 3) {
            // RFC 2308 §3: the SOA owner is the zone (with DO=1, NSEC or NSEC3 records, whose owners differ from
            // name to name, follow it: RFC 4035 §3.1.3.2). No SOA (a reply truncated before it): one bucket for
            // all such NXDOMAINs of the prefix, never one per name.
            for (int i = 0; i < ns && owner >= 0; i++) {
                int after = WireName.skip(r, owner, end);
                if (after < 0 || after + 10 > end) {
                    break;
                }
                if (r.getUnsignedShort(after) == SOA) {
                    return pack(ResponseKind.NXDOMAIN, nameHash(r, base, owner, end));
                }
                owner = skipRecord(r, owner, end);
            }
            return pack(ResponseKind.NXDOMAIN, NO_SOA);
        }
        if (hasAuthority && r.getUnsignedShort(afterOwner) == NS) {
            return pack(ResponseKind.REFERRAL, nameHash(r, base, owner, end));
        }
        return pack(ResponseKind.ERROR, 0);
    }

    static ResponseKind kind(long classified) {
        return KINDS[(int) (classified & 7)];
    }

    private static final ResponseKind[] KINDS = ResponseKind.values();

    /** An answer's or NODATA's classification: answers by name and type, NODATA by name. */
    static long named(ResponseKind kind, long nameHash, int qtype) {
        return pack(kind, kind == ResponseKind.ANSWER ? mix(nameHash ^ qtype) : nameHash);
    }

    static long pack(ResponseKind kind, long nameHash) {
        return (nameHash << 3 | kind.ordinal()) & Long.MAX_VALUE;
    }

    /**
     * Cuts {@code r} to a truncated answer (RFC 1035 §4.1.1 TC): the header with TC set and the question, and the
     * OPT record when the response had one (RFC 6891 §7); no answer, authority or other additional records. The
     * buffer is changed in place. False when the octets are not a response this can cut (then drop it).
     */
    static boolean truncate(ByteBuf r) {
        int base = r.readerIndex();
        int end = r.writerIndex();
        if (end - base < HEADER || r.getUnsignedShort(base + 4) != 1) {
            return false;
        }
        int question = WireName.skip(r, base + HEADER, end);
        if (question < 0 || question + 4 > end) {
            return false;
        }
        int p = question + 4;
        int records = r.getUnsignedShort(base + 6) + r.getUnsignedShort(base + 8) + r.getUnsignedShort(base + 10);
        int optAt = -1;
        int optEnd = -1;
        for (int i = 0; i < records && p >= 0; i++) {
            int after = skipRecord(r, p, end);
            // An OPT is owned by the root: a single zero octet, then TYPE 41.
            if (after > 0 && r.getByte(p) == 0 && p + 3 <= end && r.getUnsignedShort(p + 1) == OPT) {
                optAt = p;
                optEnd = after;
            }
            p = after;
        }
        int w = question + 4;
        if (optAt >= 0) {
            // Forward copy within the buffer: the destination never lies after the source.
            for (int i = optAt; i < optEnd; i++) {
                r.setByte(w++, r.getByte(i));
            }
        }
        r.setShort(base + 2, r.getUnsignedShort(base + 2) | 0x0200);
        r.setShort(base + 6, 0);
        r.setShort(base + 8, 0);
        r.setShort(base + 10, optAt >= 0 ? 1 : 0);
        r.writerIndex(w);
        return true;
    }


    /** Past one resource record (RFC 1035 §4.1.3); -1 if it does not fit. */
    private static int skipRecord(ByteBuf r, int p, int end) {
        p = WireName.skip(r, p, end);
        if (p < 0 || p + 10 > end) {
            return -1;
        }
        int next = p + 10 + r.getUnsignedShort(p + 8);
        return next <= end ? next : -1;
    }

    /**
     * FNV-1a over the name's labels in lower case (RFC 4343: names compare case-insensitively), pointers
     * followed (at most 128 labels, so a pointer loop ends).
     */
    private static long nameHash(ByteBuf r, int base, int p, int end) {
        long h = FNV_OFFSET;
        for (int labels = 0; labels < 128 && p < end; labels++) {
            int len = r.getUnsignedByte(p);
            if (len == 0) {
                return h;
            }
            if ((len & 0xc0) == 0xc0) {
                if (p + 2 > end) {
                    return h;
                }
                p = base + ((len & 0x3f) << 8 | r.getUnsignedByte(p + 1));
                continue;
            }
            h = fnv(h, len);
            int stop = Math.min(end, p + 1 + len);
            for (int i = p + 1; i < stop; i++) {
                int c = r.getUnsignedByte(i);
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                h = fnv(h, c);
            }
            p += 1 + len;
        }
        return h;
    }

    /** One octet more of an FNV-1a hash. */
    static long fnv(long h, int octet) {
        return (h ^ octet) * FNV_PRIME;
    }

    /** Murmur3's 64-bit finalizer: every input bit reaches every output bit. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
