package dev.tomldns.fastpath;

import java.util.Arrays;

/**
 * Domain names in lowercase, uncompressed wire form (RFC 1035 §3.1) mapped to dense ids, found without allocating.
 *
 * <p>Keys live back to back in one byte array; the table is open addressing over ids. The hash runs from the last
 * octet to the first, so one right-to-left pass over a query name yields the hash of every suffix (see
 * {@link WireQuery}), and the hash of {@code *.<suffix>} follows from the suffix's hash in two steps: a closest
 * encloser and its wildcard are each found in one probe, O(label count) whatever the zone size.
 */
final class WireNameTable {
    private static final int WILDCARD_PREFIX_HASH_1 = '*';

    private byte[] arena;
    private int arenaUsed;
    private int[] keyOffset;
    private short[] keyLength;
    private int[] keyHash;
    private int size;
    private int[] slots;
    private int mask;

    WireNameTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        slots = new int[capacity];
        mask = capacity - 1;
        keyOffset = new int[Math.max(4, expected)];
        keyLength = new short[keyOffset.length];
        keyHash = new int[keyOffset.length];
        arena = new byte[Math.max(64, expected * 24)];
    }

    /** Hash of {@code b[off, off+len)}, taken from the last octet to the first. */
    static int hash(byte[] b, int off, int len) {
        int h = 0;
        for (int p = off + len - 1; p >= off; p--) {
            h = 31 * h + (b[p] & 0xff);
        }
        return h;
    }

    /** Hash of {@code *.<name>} from the hash of {@code <name>}: the octets '*' then the label length 1. */
    static int wildcardHash(int nameHash) {
        return 31 * (31 * nameHash + WILDCARD_PREFIX_HASH_1) + 1;
    }

    private static int slot(int h) {
        int m = h * 0x9E3779B9;
        return m ^ (m >>> 15);
    }

    int size() {
        return size;
    }

    /** Adds a name given in lowercase wire form; returns its id (the existing one if already present). */
    int add(byte[] lowerWire) {
        int h = hash(lowerWire, 0, lowerWire.length);
        int found = find(lowerWire, 0, lowerWire.length, h);
        if (found >= 0) {
            return found;
        }
        if (size == keyOffset.length) {
            int n = size * 2;
            keyOffset = Arrays.copyOf(keyOffset, n);
            keyLength = Arrays.copyOf(keyLength, n);
            keyHash = Arrays.copyOf(keyHash, n);
        }
        if (arenaUsed + lowerWire.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + lowerWire.length));
        }
        System.arraycopy(lowerWire, 0, arena, arenaUsed, lowerWire.length);
        int id = size++;
        keyOffset[id] = arenaUsed;
        keyLength[id] = (short) lowerWire.length;
        keyHash[id] = h;
        arenaUsed += lowerWire.length;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            insert(id);
        }
        return id;
    }

    private void insert(int id) {
        int i = slot(keyHash[id]) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id + 1;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            insert(id);
        }
    }

    /** Drops the slack left by growing; called once the table is complete. */
    void trim() {
        arena = Arrays.copyOf(arena, arenaUsed);
        keyOffset = Arrays.copyOf(keyOffset, size);
        keyLength = Arrays.copyOf(keyLength, size);
        keyHash = Arrays.copyOf(keyHash, size);
    }

    /** The id of the name {@code b[off, off+len)} (lowercase wire form) whose hash is {@code h}, or -1. */
    int find(byte[] b, int off, int len, int h) {
        for (int i = slot(h) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            int id = s - 1;
            if (keyHash[id] == h && keyLength[id] == len
                    && Arrays.equals(arena, keyOffset[id], keyOffset[id] + len, b, off, off + len)) {
                return id;
            }
        }
    }

    /** The id of {@code *.<name>} for the name {@code b[off, off+len)} with hash {@code nameHash}, or -1. */
    int findWildcard(byte[] b, int off, int len, int nameHash) {
        int h = wildcardHash(nameHash);
        for (int i = slot(h) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            int id = s - 1;
            int k = keyOffset[id];
            if (keyHash[id] == h && keyLength[id] == len + 2 && arena[k] == 1 && arena[k + 1] == '*'
                    && Arrays.equals(arena, k + 2, k + 2 + len, b, off, off + len)) {
                return id;
            }
        }
    }

    /** Length in octets of the name with this id (its wire form, root label included). */
    int length(int id) {
        return keyLength[id];
    }

    /** Approximate heap footprint, for the memory-per-record report. */
    long bytes() {
        return arena.length + 10L * keyOffset.length + 4L * slots.length;
    }
}
