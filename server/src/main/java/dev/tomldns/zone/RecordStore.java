package dev.tomldns.zone;

import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Records of a zone in one array, without their owner names: per record its type (2 octets), TTL (4), RDATA length
 * (2) and RDATA as on the wire, uncompressed and in the letter case it was loaded with (RFC 1035 §3.2.1 without the
 * NAME and CLASS: a zone holds class IN only). A name's records are consecutive, grouped by type.
 */
final class RecordStore {
    private static final int HEADER = 8;

    static {
        dev.tomldns.wire.Rfc8659CaaRecord.install(); // RFC 8659 §4.1: a stored CAA tag in either case reads back
    }

    private RecordStore() {
    }

    static int type(byte[] data, int at) {
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }

    /** RFC 4034 §3.1.1: the Type Covered field of the RRSIG record at {@code at} (its first two RDATA octets). */
    static int covered(byte[] data, int at) {
        return rdataLength(data, at) < 2 ? -1 : (data[at + HEADER] & 0xff) << 8 | data[at + HEADER + 1] & 0xff;
    }

    static long ttl(byte[] data, int at) {
        return (data[at + 2] & 0xffL) << 24 | (data[at + 3] & 0xff) << 16 | (data[at + 4] & 0xff) << 8
                | data[at + 5] & 0xff;
    }

    static void setTtl(byte[] data, int at, long ttl) {
        data[at + 2] = (byte) (ttl >>> 24);
        data[at + 3] = (byte) (ttl >>> 16);
        data[at + 4] = (byte) (ttl >>> 8);
        data[at + 5] = (byte) ttl;
    }

    private static int rdataLength(byte[] data, int at) {
        return (data[at + 6] & 0xff) << 8 | data[at + 7] & 0xff;
    }

    /** Offset of the record after the one at {@code at}. */
    static int next(byte[] data, int at) {
        return at + HEADER + rdataLength(data, at);
    }

    /** The record at {@code at}, owned by {@code owner}. */
    static Record record(byte[] data, int at, org.xbill.DNS.Name owner) {
        int length = rdataLength(data, at);
        byte[] rdata = Arrays.copyOfRange(data, at + HEADER, at + HEADER + length);
        return Record.newRecord(owner, type(data, at), DClass.IN, ttl(data, at), length, rdata);
    }

    /** The distinct types of the records in {@code [from, to)}, in order (records of a type are consecutive). */
    static int[] types(byte[] data, int from, int to) {
        int n = 0;
        int last = -1;
        for (int at = from; at < to; at = next(data, at)) {
            if (type(data, at) != last) {
                last = type(data, at);
                n++;
            }
        }
        int[] out = new int[n];
        n = 0;
        last = -1;
        for (int at = from; at < to; at = next(data, at)) {
            if (type(data, at) != last) {
                last = type(data, at);
                out[n++] = last;
            }
        }
        return out;
    }

    /** Appends records to a growing array. */
    static final class Writer {
        private byte[] buf;
        private int size;

        Writer(int expected) {
            buf = new byte[Math.max(256, expected)];
        }

        int size() {
            return size;
        }

        /** A record as {@link Record#toWire(int)} writes it, its owner name and class left out. */
        void add(Record r) {
            byte[] rr = r.toWire(Section.ANSWER);
            int rdataAt = r.getName().length() + 10;
            add(r.getType(), r.getTTL(), rr, rdataAt, rr.length - rdataAt);
        }

        /**
         * A record given as its type, TTL and the RDATA at {@code rdata[from, from+length)}: uncompressed and not
         * canonical, so names inside RDATA keep their letter case (RFC 4034 §6.2 lowercasing is only for signing).
         */
        void add(int type, long ttl, byte[] rdata, int from, int length) {
            ensure(HEADER + length);
            buf[size] = (byte) (type >>> 8);
            buf[size + 1] = (byte) type;
            buf[size + 2] = (byte) (ttl >>> 24);
            buf[size + 3] = (byte) (ttl >>> 16);
            buf[size + 4] = (byte) (ttl >>> 8);
            buf[size + 5] = (byte) ttl;
            buf[size + 6] = (byte) (length >>> 8);
            buf[size + 7] = (byte) length;
            System.arraycopy(rdata, from, buf, size + HEADER, length);
            size += HEADER + length;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length + (buf.length >> 1), size + more));
            }
        }

        /** The array written so far (longer than {@link #size}); valid until the next {@link #add}. */
        byte[] array() {
            return buf;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
