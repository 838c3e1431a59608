package dev.tomldns.zone;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One owner name of a zone and its RRsets. An empty node is an empty non-terminal (RFC 4592 §2.2.2): it exists,
 * so it answers NODATA and blocks wildcard synthesis below the closest encloser.
 */
final class Node {
    private static final int[] NO_TYPES = new int[0];

    /**
     * In zone order (the SOA first at the apex): RFC 8482 answers ANY with the first. Two arrays rather than a map:
     * a name owns one to three RRsets, and a large zone has a million names.
     */
    private final int[] types;
    private final List<RRset> rrsets;
    /** RFC 1034 §4.2.1: NS at a name other than the apex marks a zone cut (delegation). */
    final boolean cut;
    /** Below a zone cut: glue, served only as additional data of a referral, never authoritatively. */
    final boolean occluded;

    private Node(int[] types, List<RRset> rrsets, boolean cut, boolean occluded) {
        this.types = types;
        this.rrsets = rrsets;
        this.cut = cut;
        this.occluded = occluded;
    }

    Node(Map<Integer, RRset> rrsets, boolean cut, boolean occluded) {
        this.types = rrsets.isEmpty() ? NO_TYPES : new int[rrsets.size()];
        int i = 0;
        for (int type : rrsets.keySet()) {
            this.types[i++] = type;
        }
        this.rrsets = List.copyOf(rrsets.values());
        this.cut = cut;
        this.occluded = occluded;
    }

    /** Collects a name's records into RRsets by type, in the order the types first come. */
    static final class Builder {
        private int[] types = new int[2];
        private RRset[] sets = new RRset[2];
        private int size;

        void add(Record r) {
            int type = r.getType();
            for (int i = 0; i < size; i++) {
                if (types[i] == type) {
                    sets[i].addRR(r);
                    return;
                }
            }
            if (size == types.length) {
                types = Arrays.copyOf(types, size * 2);
                sets = Arrays.copyOf(sets, size * 2);
            }
            types[size] = type;
            sets[size++] = new RRset(r);
        }

        boolean has(int type) {
            for (int i = 0; i < size; i++) {
                if (types[i] == type) {
                    return true;
                }
            }
            return false;
        }

        Node build(boolean cut, boolean occluded) {
            return new Node(Arrays.copyOf(types, size), List.of(Arrays.copyOf(sets, size)), cut, occluded);
        }
    }

    RRset get(int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return rrsets.get(i);
            }
        }
        return null;
    }

    Collection<RRset> all() {
        return rrsets;
    }

    /** The first RRset in zone order, or {@code null} for an empty non-terminal. */
    RRset first() {
        return rrsets.isEmpty() ? null : rrsets.get(0);
    }

    boolean isEmpty() {
        return rrsets.isEmpty();
    }

    boolean hasCname() {
        return get(Type.CNAME) != null;
    }
}
