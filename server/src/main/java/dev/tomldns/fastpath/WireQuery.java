package dev.tomldns.fastpath;

import dev.tomldns.wire.Limits;
import io.netty.buffer.ByteBuf;

/**
 * The header, question and OPT of one query, read straight from the received buffer into reused arrays (one
 * instance per event-loop thread): no {@code Message}, no {@code Name}, no allocation.
 *
 * <p>{@link #parse} accepts only the plain shape the fast path answers exactly like the reference path: a QUERY
 * (RFC 1035 §4.1.1) with one question of class IN, no answer or authority records, an uncompressed name, and either
 * no additional record or one EDNS(0) OPT owned by the root with no options (RFC 6891 §6.1). Anything else returns
 * false and goes to {@code QueryProcessor}, which handles every case (FORMERR, BADVERS, NOTIFY, transfers, ...).
 */
final class WireQuery {
    /** RFC 1035 §4.1.1: the fixed header. */
    static final int HEADER = 12;
    /** RFC 1035 §2.3.4: names are at most 255 octets. */
    private static final int MAX_NAME = 255;
    /** The longest plain query: header, a 255-octet name, type and class, an OPT without options. */
    static final int MAX_PLAIN = HEADER + MAX_NAME + 4 + 11;

    /** The query's octets, copied in one call: reading them one by one from the buffer costs a check each. */
    final byte[] raw = new byte[MAX_PLAIN];

    final byte[] name = new byte[MAX_NAME];
    /** Offset of each label in {@link #name}; {@code labelStart[labels]} is the root label. */
    final int[] labelStart = new int[128];
    /** Hash ({@link WireNameTable#hash}) of the suffix starting at each label. */
    final int[] suffixHash = new int[128];
    int nameLength;
    int labels;
    int id;
    /** RD (RFC 1035 §4.1.1), copied into the response. */
    int rdBit;
    int qtype;
    boolean edns;
    boolean dnssecOk;
    int udpPayload;

    /** The question name as sent (letter case kept), built only for the sampled query log. */
    org.xbill.DNS.Name name() {
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
        int p = readName(end);
        if (p < 0 || p + 4 > end) {
            return false;
        }
        qtype = u16(p);
        if (u16(p + 2) != 1 || !answerableType(qtype)) {
            return false;
        }
        p += 4;
        edns = arcount == 1;
        if (!edns) {
            return p == end;
        }
        // RFC 6891 §6.1.2: OPT = root owner, type 41, class = payload size, TTL = ext-rcode, version, flags.
        if (p + 11 != end || raw[p] != 0 || u16(p + 1) != 41 || raw[p + 6] != 0 || u16(p + 9) != 0) {
            return false;
        }
        udpPayload = u16(p + 3);
        dnssecOk = (raw[p + 7] & 0x80) != 0;
        return true;
    }

    private int u16(int at) {
        return (raw[at] & 0xff) << 8 | (raw[at + 1] & 0xff);
    }

    /**
     * Copies the question name, lowercased, into {@link #name} and hashes every suffix. Returns the offset after
     * the name, or -1 for a compressed, extended-label or over-long name.
     */
    private int readName(int end) {
        int p = HEADER;
        int n = 0;
        int count = 0;
        while (true) {
            if (p >= end) {
                return -1;
            }
            int len = raw[p] & 0xff;
            if (len == 0) {
                break;
            }
            if ((len & 0xc0) != 0 || n + len + 2 > MAX_NAME || p + 1 + len > end) {
                return -1;
            }
            labelStart[count++] = n;
            name[n++] = (byte) len;
            for (int i = 1; i <= len; i++) {
                byte c = raw[p + i];
                name[n++] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
            }
            p += len + 1;
        }
        labelStart[count] = n;
        name[n++] = 0;
        nameLength = n;
        labels = count;
        int h = 0;
        suffixHash[count] = 0;
        int q = n - 2;
        for (int l = count - 1; l >= 0; l--) {
            for (; q >= labelStart[l]; q--) {
                h = 31 * h + (name[q] & 0xff);
            }
            suffixHash[l] = h;
        }
        return p + 1;
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
