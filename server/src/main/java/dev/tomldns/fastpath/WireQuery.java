package dev.tomldns.fastpath;

import dev.tomldns.edns.Nsid;
import dev.tomldns.wire.Limits;
import dev.tomldns.zone.QueryName;
import io.netty.buffer.ByteBuf;

/**
 * The header, question and OPT of one query, read straight from the received buffer into reused arrays (one
 * instance per event-loop thread): no {@code Message}, no {@code Name}, no allocation.
 *
 * <p>{@link #parse} accepts only the plain shape the fast path answers exactly like the reference path: a QUERY
 * (RFC 1035 §4.1.1) with one question of class IN, no answer or authority records, an uncompressed name, and either
 * no additional record or one EDNS(0) OPT owned by the root (RFC 6891 §6.1) whose options are at most an NSID
 * (RFC 5001) and one COOKIE of a valid length (RFC 7873 §5.2.2). Anything else returns false and goes to
 * {@code QueryProcessor}, which handles every case (FORMERR, BADVERS, NOTIFY, transfers, ...).
 */
final class WireQuery {
    /** RFC 1035 §4.1.1: the fixed header. */
    static final int HEADER = 12;
    /** RFC 7873 §4: COOKIE is EDNS option code 10. */
    private static final int COOKIE = 10;
    /** Octets of OPT options read: an empty NSID (4), a COOKIE with the longest server cookie (44), and some. */
    private static final int MAX_OPTIONS = 64;
    /** The longest plain query: header, a 255-octet name, type and class, an OPT with options. */
    static final int MAX_PLAIN = HEADER + QueryName.MAX_LENGTH + 4 + 11 + MAX_OPTIONS;

    /** The query's octets, copied in one call: reading them one by one from the buffer costs a check each. */
    final byte[] raw = new byte[MAX_PLAIN];

    /** The question's name, lowercased, with the hash of every suffix: what the zone's lookup probes. */
    final QueryName name = new QueryName();
    /** Octets of the question name as sent. */
    int nameLength;
    int id;
    /** RD (RFC 1035 §4.1.1), copied into the response. */
    int rdBit;
    int qtype;
    boolean edns;
    boolean dnssecOk;
    int udpPayload;
    /** RFC 5001 §2.1: the OPT holds an empty NSID option (asking for ours). */
    boolean nsidAsked;
    /** Offset in {@link #raw} of the client cookie (RFC 7873 §4), or -1: no COOKIE option. */
    int cookieAt;
    /** Octets of the COOKIE option's data: 8 (client cookie alone) or 16 to 40 (with a server cookie). */
    int cookieLength;

    /** The question name as sent (letter case kept), built only for the sampled query log. */
    org.xbill.DNS.Name questionName() {
        try {
            return new org.xbill.DNS.Name(java.util.Arrays.copyOfRange(raw, HEADER, HEADER + nameLength));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Question bytes as sent (case kept, RFC 1035 §7.3 / RFC 4343): the response echoes them. */
    int questionLength() {
        return nameLength + 4;
    }

    /** Reads the query; false when it is not of the plain shape this path answers. */
    boolean parse(ByteBuf buf) {
        int end = buf.readableBytes();
        if (end < HEADER + 5 || end > MAX_PLAIN) {
            return false;
        }
        buf.getBytes(buf.readerIndex(), raw, 0, end);
        int b2 = raw[2] & 0xff;
        // QR=0 and opcode QUERY; TC set on a query is left to the reference path.
        if ((b2 & 0xfa) != 0) {
            return false;
        }
        if (u16(4) != 1 || u16(6) != 0 || u16(8) != 0) {
            return false;
        }
        int arcount = u16(10);
        if (arcount > 1) {
            return false;
        }
        id = u16(0);
        rdBit = b2 & 0x01;
        int p = name.read(raw, HEADER, end);
        if (p < 0 || p + 4 > end) {
            return false;
        }
        nameLength = name.length();
        qtype = u16(p);
        if (u16(p + 2) != 1 || !answerableType(qtype)) {
            return false;
        }
        p += 4;
        edns = arcount == 1;
        // The instance is reused query after query: RFC 3225 §3, no OPT, no DO; no options.
        dnssecOk = false;
        nsidAsked = false;
        cookieAt = -1;
        if (!edns) {
            return p == end;
        }
        // RFC 6891 §6.1.2: OPT = root owner, type 41, class = payload size, TTL = ext-rcode, version, flags, then
        // RDLENGTH and the options.
        if (p + 11 > end || raw[p] != 0 || u16(p + 1) != 41 || raw[p + 6] != 0 || p + 11 + u16(p + 9) != end) {
            return false;
        }
        udpPayload = u16(p + 3);
        dnssecOk = (raw[p + 7] & 0x80) != 0;
        return options(p + 11, end);
    }

    /**
     * RFC 6891 §6.1.2: the options in {@code raw[p, end)}; true when each is an NSID or the one COOKIE, of a length
     * the reference path accepts too.
     */
    private boolean options(int p, int end) {
        while (p < end) {
            if (p + 4 > end) {
                return false;
            }
            int code = u16(p);
            int length = u16(p + 2);
            p += 4;
            if (p + length > end) {
                return false;
            }
            if (code == Nsid.CODE) {
                // RFC 5001 §2.1: an empty one asks; one with data is ignored, as on the reference path.
                nsidAsked |= length == 0;
            } else if (code == COOKIE && cookieAt < 0 && (length == 8 || (length >= 16 && length <= 40))) {
                // RFC 7873 §4: a client cookie of 8 octets, and a server cookie of 8 to 32 after it.
                cookieAt = p;
                cookieLength = length;
            } else {
                return false;
            }
            p += length;
        }
        return true;
    }

    private int u16(int at) {
        return (raw[at] & 0xff) << 8 | (raw[at + 1] & 0xff);
    }

    /**
     * Types the fast path may answer: not the meta types (RFC 6895 §3.1), not ANY, and not DS, whose answer comes
     * from the parent side of a cut (RFC 4035 §3.1.4.1).
     */
    private static boolean answerableType(int t) {
        return t != 0 && t != 41 && t != 43 && (t < 128 || t > 255);
    }

    /** RFC 6891 §6.2.5 and DNS Flag Day 2020: min(client's size, 1232), at least 512; 512 without EDNS. */
    int udpLimit() {
        if (!edns) {
            return Limits.CLASSIC_UDP;
        }
        return Math.max(Limits.CLASSIC_UDP, Math.min(udpPayload, Limits.OUR_UDP_PAYLOAD));
    }
}
