package dev.tomldns.fastpath;

import dev.tomldns.zone.QueryName;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The authority section of NXDOMAIN and NODATA responses (RFC 2308 §2.1, §2.2: the zone's SOA, TTL = min(SOA TTL,
 * MINIMUM)), written after a question of any name.
 *
 * <p>Name compression (RFC 1035 §4.1.4) follows dnsjava's exactly, so the octets equal the reference path's: every
 * suffix of the question name is a target; each later name is written label by label, each suffix first looked up
 * (case-insensitively) and, when absent, recorded at its offset if that is below 0x4000.
 */
final class NegativeAnswer {
    private final Encoded owner;
    private final Encoded mname;
    private final Encoded rname;
    private final int ttl;
    /** SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM (RFC 1035 §3.3.13). */
    private final byte[] counters = new byte[20];

    NegativeAnswer(SOARecord soa) {
        owner = new Encoded(soa.getName());
        mname = new Encoded(soa.getHost());
        rname = new Encoded(soa.getAdmin());
        ttl = (int) soa.getTTL();
        long[] v = {soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()};
        for (int i = 0; i < v.length; i++) {
            for (int b = 0; b < 4; b++) {
                counters[4 * i + b] = (byte) (v[i] >>> (24 - 8 * b));
            }
        }
    }

    /**
     * Writes the SOA record; {@code base} is the writer index of the message's first octet, and the question
     * starting at {@code base + 12} holds the query's name.
     */
    void writeSoa(ByteBuf out, int base, WireQuery q, Compression c) {
        c.reset(q);
        c.write(out, base, owner);
        out.writeShort(Type.SOA);
        out.writeShort(1);
        out.writeInt(ttl);
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        c.write(out, base, mname);
        c.write(out, base, rname);
        out.writeBytes(counters);
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
    }

    /** A name as written (letter case of the zone) and lowercased for comparison, with its label offsets. */
    static final class Encoded {
        final byte[] wire;
        final byte[] lower;
        final int[] labelStart;

        Encoded(Name name) {
            wire = name.toWire();
            lower = name.toWireCanonical();
            int n = name.labels() - 1;
            labelStart = new int[n];
            for (int i = 0, p = 0; i < n; i++) {
                labelStart[i] = p;
                p += (wire[p] & 0xff) + 1;
            }
        }
    }

    /** The compression table of one response: reused per thread, at most a few dozen suffixes. */
    static final class Compression {
        private final byte[][] source = new byte[512][];
        private final int[] start = new int[512];
        private final int[] length = new int[512];
        private final int[] offset = new int[512];
        private int size;

        /** Starts over with the question's name: dnsjava records each of its suffixes at offset 12 + start. */
        void reset(WireQuery q) {
            size = 0;
            QueryName n = q.name;
            for (int l = 0; l < n.labels(); l++) {
                int from = n.labelStart(l);
                add(n.lowercase(), from, n.length() - from, WireQuery.HEADER + from);
            }
        }

        private void add(byte[] src, int from, int len, int at) {
            if (at > 0x3fff || size == source.length) {
                return;
            }
            source[size] = src;
            start[size] = from;
            length[size] = len;
            offset[size] = at;
            size++;
        }

        private int find(byte[] src, int from, int len) {
            for (int i = 0; i < size; i++) {
                if (length[i] == len && Arrays.equals(source[i], start[i], start[i] + len, src, from, from + len)) {
                    return offset[i];
                }
            }
            return -1;
        }

        void write(ByteBuf out, int base, Encoded name) {
            for (int l = 0; l < name.labelStart.length; l++) {
                int from = name.labelStart[l];
                int len = name.lower.length - from;
                int at = find(name.lower, from, len);
                if (at >= 0) {
                    out.writeShort(0xc000 | at);
                    return;
                }
                add(name.lower, from, len, out.writerIndex() - base);
                out.writeBytes(name.wire, from, (name.wire[from] & 0xff) + 1);
            }
            out.writeByte(0);
        }
    }
}
