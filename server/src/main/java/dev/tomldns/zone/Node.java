package dev.tomldns.zone;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * One owner name of a zone and its RRsets: a view of the zone's compact store, made for one lookup. An empty node
 * is an empty non-terminal (RFC 4592 §2.2.2): it exists, so it answers NODATA and blocks wildcard synthesis below
 * the closest encloser. RRsets are made when asked for, types in zone order (the SOA first at the apex), records
 * of a type in load order.
 */
final class Node {
    private final Zone zone;
    private final int id;
    private final int from;
    private final int to;
    /** RFC 1034 §4.2.1: NS at a name other than the apex marks a zone cut (delegation). */
    final boolean cut;
    /** Below a zone cut: glue, served only as additional data of a referral, never authoritatively. */
    final boolean occluded;
    /** RFC 6672 §2.1: owns a DNAME, which redirects every name below. */
    final boolean dname;
    /** RFC 6672 §2.4: below a DNAME owner; never served, not even as additional data. */
    final boolean belowDname;
    private Name owner;

    Node(Zone zone, int id) {
        this.zone = zone;
        this.id = id;
        this.from = zone.dataStart(id);
        this.to = zone.dataEnd(id);
        byte flags = zone.flagsOf(id);
        this.cut = (flags & Zone.CUT) != 0;
        this.occluded = (flags & Zone.OCCLUDED) != 0;
        this.belowDname = (flags & Zone.BELOW_DNAME) != 0;
        this.dname = (flags & Zone.DNAME) != 0;
    }

    private Name owner() {
        if (owner == null) {
            owner = zone.ownerOf(id);
        }
        return owner;
    }

    /** The RRset of this type, or {@code null}. */
    RRset get(int type) {
        byte[] data = zone.data();
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) == type) {
                return set(at);
            }
        }
        return null;
    }

    /**
     * The RRset of this type with the RRSIGs at this name that cover it (RFC 4035 §2.2: an RRSIG belongs to the
     * RRset it covers, told by its Type Covered field), or {@code null}. The RRSIGs are in {@link RRset#sigs()}.
     */
    RRset getSigned(int type) {
        RRset set = get(type);
        if (set != null) {
            addSignatures(set, type);
        }
        return set;
    }

    /** Adds to {@code set} the RRSIGs at this name whose Type Covered is {@code covered} (RFC 4034 §3.1.1). */
    void addSignatures(RRset set, int covered) {
        byte[] data = zone.data();
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) == Type.RRSIG && RecordStore.covered(data, at) == covered) {
                set.addRR(RecordStore.record(data, at, owner()));
            }
        }
    }

    /**
     * Every RRSIG at this name, for a query of type RRSIG: one set per type covered (RFC 4035 §2.2, the RRSIGs are
     * no RRset of their own), each holding its RRSIGs in {@link RRset#sigs()}; empty when there are none.
     */
    List<RRset> rrsigs() {
        byte[] data = zone.data();
        List<RRset> out = new ArrayList<>();
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) != Type.RRSIG) {
                continue;
            }
            int covered = RecordStore.covered(data, at);
            RRset set = null;
            for (RRset s : out) {
                if (s.getType() == covered) {
                    set = s;
                }
            }
            if (set == null) {
                set = new RRset();
                out.add(set);
            }
            set.addRR(RecordStore.record(data, at, owner()));
        }
        return out;
    }

    boolean has(int type) {
        byte[] data = zone.data();
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) == type) {
                return true;
            }
        }
        return false;
    }

    /** The RRset whose first record is at {@code at}: the run of records of that type. */
    private RRset set(int at) {
        byte[] data = zone.data();
        int type = RecordStore.type(data, at);
        RRset out = new RRset();
        for (; at < to && RecordStore.type(data, at) == type; at = RecordStore.next(data, at)) {
            out.addRR(RecordStore.record(data, at, owner()));
        }
        return out;
    }

    /** Every RRset, in zone order. */
    List<RRset> all() {
        byte[] data = zone.data();
        List<RRset> out = new ArrayList<>(2);
        int last = -1;
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) != last) {
                last = RecordStore.type(data, at);
                out.add(set(at));
            }
        }
        return out;
    }

    /**
     * The first RRset in zone order, or {@code null} for an empty non-terminal. RRSIGs are not an RRset of their own
     * (RFC 4035 §2.2), so they are passed over.
     */
    RRset first() {
        byte[] data = zone.data();
        for (int at = from; at < to; at = RecordStore.next(data, at)) {
            if (RecordStore.type(data, at) != Type.RRSIG) {
                return set(at);
            }
        }
        return from == to ? null : set(from);
    }

    boolean isEmpty() {
        return from == to;
    }

    boolean hasCname() {
        return has(Type.CNAME);
    }
}
