package dev.tomldns.zone;

import org.xbill.DNS.Name;

/**
 * A query's name as the lookup reads it: lowercased uncompressed wire form (RFC 1035 §3.1, RFC 4343), the offset
 * of each label, and the {@link OwnerTable} hash of every suffix, all from one pass over the octets. Mutable and
 * reused (one per event-loop thread on the cached path), so reading a name allocates nothing.
 */
public final class QueryName {
    /** RFC 1035 §2.3.4: names are at most 255 octets. */
    public static final int MAX_LENGTH = 255;

    final byte[] name;
    /** Offset of each label in {@link #name}; {@code labelStart[labels]} is the root label. */
    final int[] labelStart;
    /** {@link OwnerTable#hash} of the suffix starting at each label. */
    final int[] suffixHash;
    int length;
    int labels;

    /** Room for any name: the one an event-loop thread reuses for every query it reads. */
    public QueryName() {
        this(MAX_LENGTH, 128);
    }

    private QueryName(int octets, int labels) {
        this.name = new byte[octets];
        this.labelStart = new int[labels];
        this.suffixHash = new int[labels];
    }

    /**
     * The name of {@code n}, for lookups that start from a dnsjava name (the reference path, tools): sized to the
     * name (a few dozen octets, where one with room for any name is 1.3 KB). The name's octets are taken already
     * lowercased in one array of their length ({@link Name#toWireCanonical}, RFC 4034 §6.2), not through a growing
     * output buffer.
     */
    public static QueryName of(Name n) {
        byte[] wire = n.toWireCanonical();
        QueryName q = new QueryName(wire.length, n.labels());
        q.read(wire, 0, wire.length);
        return q;
    }

    /**
     * Reads the uncompressed name at {@code b[at...]}, not past {@code end}. Returns the offset after it, or -1 for
     * a compressed, extended-label or over-long name (left to a full parser).
     */
    public int read(byte[] b, int at, int end) {
        int p = at;
        int n = 0;
        int count = 0;
        while (true) {
            if (p >= end) {
                return -1;
            }
            int len = b[p] & 0xff;
            if (len == 0) {
                break;
            }
            if ((len & 0xc0) != 0 || n + len + 2 > MAX_LENGTH || p + 1 + len > end) {
                return -1;
            }
            labelStart[count++] = n;
            name[n++] = (byte) len;
            for (int i = 1; i <= len; i++) {
                name[n++] = (byte) OwnerTable.lower(b[p + i]);
            }
            p += len + 1;
        }
        labelStart[count] = n;
        name[n++] = 0;
        length = n;
        labels = count;
        // OwnerTable.hash runs from the last octet to the first: the hash of each suffix is a stage of one pass.
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

    /** The name in lowercase wire form, in {@code [0, length())}; read-only to callers. */
    public byte[] lowercase() {
        return name;
    }

    /** Offset in {@link #lowercase()} of label {@code l} (0 is the first; {@code labels()} is the root). */
    public int labelStart(int l) {
        return labelStart[l];
    }

    /** Octets of the name in wire form, root label included. */
    public int length() {
        return length;
    }

    /** Number of labels, the root excluded. */
    public int labels() {
        return labels;
    }
}
