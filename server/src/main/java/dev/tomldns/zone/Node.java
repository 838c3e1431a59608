package dev.tomldns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One owner name of a zone and its RRsets. An empty node is an empty non-terminal (RFC 4592 §2.2.2): it exists,
 * so it answers NODATA and blocks wildcard synthesis below the closest encloser.
 *
 * <p>A large zone has a million names, so a node holds only its records: one {@link Record}, or an array of them
 * grouped by type (types in zone order, the SOA first at the apex; records of a type in load order). An
 * {@link RRset} is made when asked for: an RRset object per stored set (with its two lists) cost more memory than
 * the records themselves, and only the reference query path, transfers and tools ask, never the fast path's cached
 * answers.
 */
final class Node {
    private static final Record[] NONE = new Record[0];

    /** A {@link Record} when the name owns exactly one, else a {@code Record[]} grouped by type. */
    private final Object records;
    /** RFC 1034 §4.2.1: NS at a name other than the apex marks a zone cut (delegation). */
    final boolean cut;
    /** Below a zone cut: glue, served only as additional data of a referral, never authoritatively. */
    final boolean occluded;

    private Node(Object records, boolean cut, boolean occluded) {
        this.records = records;
        this.cut = cut;
        this.occluded = occluded;
    }

    /** An empty non-terminal. */
    static Node empty(boolean occluded) {
        return new Node(NONE, false, occluded);
    }

    /** Collects a name's records; {@link #build} groups them by type, in the order the types first come. */
    static final class Builder {
        private Object records; // null, a Record or an ArrayList<Record>

        @SuppressWarnings("unchecked")
        void add(Record r) {
            if (records == null) {
                records = r;
            } else if (records instanceof Record first) {
                List<Record> list = new ArrayList<>(4);
                list.add(first);
                list.add(r);
                records = list;
            } else {
                ((List<Record>) records).add(r);
            }
        }

        @SuppressWarnings("unchecked")
        boolean has(int type) {
            if (records instanceof Record one) {
                return one.getType() == type;
            }
            if (records instanceof List<?> list) {
                for (Record r : (List<Record>) list) {
                    if (r.getType() == type) {
                        return true;
                    }
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        Node build(boolean cut, boolean occluded) {
            if (!(records instanceof List<?>)) {
                return new Node(records == null ? NONE : records, cut, occluded);
            }
            List<Record> list = (List<Record>) records;
            Record[] grouped = new Record[list.size()];
            boolean[] taken = new boolean[grouped.length];
            int n = 0;
            // A stable grouping by type: a name owns a handful of records, so the quadratic walk is the cheap one.
            for (int i = 0; i < grouped.length; i++) {
                if (taken[i]) {
                    continue;
                }
                int type = list.get(i).getType();
                for (int j = i; j < grouped.length; j++) {
                    if (!taken[j] && list.get(j).getType() == type) {
                        taken[j] = true;
                        grouped[n++] = list.get(j);
                    }
                }
            }
            return new Node(grouped, cut, occluded);
        }
    }

    private Record[] array() {
        return records instanceof Record one ? new Record[] {one} : (Record[]) records;
    }

    /** The RRset of this type, made from the stored records, or {@code null}. */
    RRset get(int type) {
        if (records instanceof Record one) {
            return one.getType() == type ? new RRset(one) : null;
        }
        Record[] rs = (Record[]) records;
        for (int i = 0; i < rs.length; i++) {
            if (rs[i].getType() == type) {
                return set(rs, i);
            }
        }
        return null;
    }

    boolean has(int type) {
        if (records instanceof Record one) {
            return one.getType() == type;
        }
        for (Record r : (Record[]) records) {
            if (r.getType() == type) {
                return true;
            }
        }
        return false;
    }

    /** The RRset starting at {@code from}: the run of records of that type. */
    private static RRset set(Record[] rs, int from) {
        RRset out = new RRset();
        int type = rs[from].getType();
        for (int i = from; i < rs.length && rs[i].getType() == type; i++) {
            out.addRR(rs[i]);
        }
        return out;
    }

    /** Every RRset, in zone order. */
    List<RRset> all() {
        Record[] rs = array();
        List<RRset> out = new ArrayList<>(2);
        for (int i = 0; i < rs.length; i++) {
            if (i == 0 || rs[i].getType() != rs[i - 1].getType()) {
                out.add(set(rs, i));
            }
        }
        return out;
    }

    /** The types owned, in zone order, without making RRsets. */
    int[] types() {
        Record[] rs = array();
        int[] out = new int[rs.length];
        int n = 0;
        for (int i = 0; i < rs.length; i++) {
            if (i == 0 || rs[i].getType() != rs[i - 1].getType()) {
                out[n++] = rs[i].getType();
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The first RRset in zone order, or {@code null} for an empty non-terminal. */
    RRset first() {
        Record[] rs = array();
        return rs.length == 0 ? null : set(rs, 0);
    }

    boolean isEmpty() {
        return records == NONE;
    }

    boolean hasCname() {
        return has(Type.CNAME);
    }
}
