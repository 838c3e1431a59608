package dev.tomldns.zone;

import java.util.Arrays;

/**
 * The owner names of one zone in wire form, back to back in one array, with an open-addressing index that finds a
 * name whatever its letter case (RFC 1035 §2.3.3, RFC 4343): a million names cost one array of octets and two of
 * ints instead of a million {@code Name} objects and map entries. Ids are given in the order names are added. The
 * one name index of a zone: the lookup probes it straight from a query's octets ({@link QueryName}).
 *
 * <p>Names are kept as loaded (letter case included), so records made from them read as the zone file wrote them.
 */
final class OwnerTable {
    private byte[] bytes;
    private int used;
    /** Start of name {@code id} in {@link #bytes}; the name's length is read from its labels. */
    private int[] starts;
    private int count;
    /** Open addressing, linear probing: id + 1, or 0 for an empty slot. */
    private int[] slots;
    private int mask;

    OwnerTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        this.starts = new int[Math.max(4, expected)];
        this.bytes = new byte[Math.max(64, expected * 20)];
    }

    int size() {
        return count;
    }

    /** Adds a name that is not in the table yet; returns its id. */
    int add(byte[] wire) {
        return add(wire, 0);
    }

    /** Adds the name at {@code b[at...]}, which is not in the table yet; returns its id. */
    int add(byte[] b, int at) {
        int length = length(b, at);
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        if (used + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
        }
        if ((count + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        int id = count++;
        starts[id] = used;
        System.arraycopy(b, at, bytes, used, length);
        used += length;
        insert(id, hash(bytes, starts[id], length));
        return id;
    }

    /** The id of the name (any letter case), or -1. */
    int find(byte[] wire) {
        return find(wire, 0);
    }

    /** The id of the name at {@code b[at...]} (any letter case), or -1. */
    int find(byte[] b, int at) {
        int length = length(b, at);
        return find(b, at, length, hash(b, at, length));
    }

    /**
     * The id of the name {@code b[off, off + len)} (any letter case) whose {@link #hash} is {@code h}, or -1: the
     * probe of a query's name and its suffixes, whose hashes {@link QueryName} computes in one pass.
     */
    int find(byte[] b, int off, int len, int h) {
        for (int i = slot(h) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (equalsIgnoreCase(bytes, starts[s - 1], b, off)) {
                return s - 1;
            }
        }
    }

    /** The id of {@code *.<name>} for the name {@code b[off, off + len)} with hash {@code nameHash}, or -1. */
    int findWildcard(byte[] b, int off, int len, int nameHash) {
        int h = 31 * (31 * nameHash + '*') + 1;
        for (int i = slot(h) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            int at = starts[s - 1];
            if (bytes[at] == 1 && bytes[at + 1] == '*' && equalsIgnoreCase(bytes, at + 2, b, off)) {
                return s - 1;
            }
        }
    }

    /** The id of the name at {@code b[at...]}, added if it is not in the table yet. */
    int findOrAdd(byte[] b, int at) {
        int id = find(b, at);
        return id >= 0 ? id : add(b, at);
    }

    /** The parent of name {@code id} (its first label removed), found or added; ids of a name's ancestors. */
    int parentOf(int id) {
        int at = starts[id];
        return findOrAdd(bytes, at + (bytes[at] & 0xff) + 1);
    }

    /** Number of labels of name {@code id}, the root excluded. */
    int labels(int id) {
        int n = 0;
        for (int at = starts[id]; bytes[at] != 0; at += (bytes[at] & 0xff) + 1) {
            n++;
        }
        return n;
    }

    /** Name {@code id} as loaded. */
    org.xbill.DNS.Name name(int id) {
        try {
            org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(bytes);
            in.jump(starts[id]);
            return new org.xbill.DNS.Name(in);
        } catch (org.xbill.DNS.WireParseException e) {
            throw new IllegalStateException("owner table damaged at id " + id, e);
        }
    }

    /** Name {@code id} in lowercase wire form. */
    byte[] canonical(int id) {
        int at = starts[id];
        byte[] out = Arrays.copyOfRange(bytes, at, at + length(bytes, at));
        for (int i = 0; i < out.length; ) {
            int len = out[i] & 0xff;
            for (int j = i + 1; j <= i + len; j++) {
                out[j] = (byte) lower(out[j]);
            }
            i += len + 1;
        }
        return out;
    }

    /** Length in octets of the uncompressed wire-form name at {@code at}, root label included. */
    static int length(byte[] b, int at) {
        int i = at;
        while (b[i] != 0) {
            i += (b[i] & 0xff) + 1;
        }
        return i - at + 1;
    }

    /** The array holding every name; name {@code id} starts at {@link #start}. */
    byte[] bytes() {
        return bytes;
    }

    int start(int id) {
        return starts[id];
    }

    /** Drops the spare room left by growing; called once the zone is complete. */
    void trim() {
        bytes = Arrays.copyOf(bytes, used);
        starts = Arrays.copyOf(starts, count);
    }

    long footprint() {
        return bytes.length + 4L * starts.length + 4L * slots.length;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < count; id++) {
            insert(id, hash(bytes, starts[id], length(bytes, starts[id])));
        }
    }

    private void insert(int id, int h) {
        int i = slot(h) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id + 1;
    }

    /**
     * Hash of the name {@code b[off, off + len)} in lowercase, taken from the last octet to the first: one
     * right-to-left pass over a name yields the hash of every suffix ({@link QueryName}), and the hash of
     * {@code *.<name>} follows from the name's in two steps ({@link #findWildcard}).
     */
    static int hash(byte[] b, int off, int len) {
        int h = 0;
        for (int p = off + len - 1; p >= off; p--) {
            h = 31 * h + lower(b[p]);
        }
        return h;
    }

    /** Spreads a hash over the slots: the polynomial's low bits alone cluster. */
    private static int slot(int h) {
        int m = h * 0x9E3779B9;
        return m ^ (m >>> 15);
    }

    private static boolean equalsIgnoreCase(byte[] a, int ai, byte[] b, int bi) {
        while (true) {
            int len = a[ai] & 0xff;
            if (len != (b[bi] & 0xff)) {
                return false;
            }
            if (len == 0) {
                return true;
            }
            for (int i = 1; i <= len; i++) {
                if (lower(a[ai + i]) != lower(b[bi + i])) {
                    return false;
                }
            }
            ai += len + 1;
            bi += len + 1;
        }
    }

    static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c & 0xff;
    }
}
