package dev.tomldns.zone;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Builds a {@link Zone} from records handed over one at a time, so a reader need not keep a million record objects
 * alive until the end: each record is written in wire form on arrival with its owner's id and source line, and
 * becomes garbage at once (young garbage is nearly free to collect; a million promoted objects are not).
 *
 * <p>Before {@link #build}, {@link #forEachRRset} shows the records grouped by name and type, with their lines and
 * TTLs, for zone-wide checks (CNAME exclusivity, one TTL per RRset, data below a cut); {@link #setTtl} evens out an
 * RRset's TTLs. Names are ids: 0 is the apex, then owners in first-seen order, then empty non-terminals.
 */
public final class ZoneBuilder {
    /** Receives one RRset: records {@code order[from, to)} of name {@code id}, all of {@code type}. */
    public interface RRsetVisitor {
        void rrset(int id, int type, int[] order, int from, int to);
    }

    private final Name origin;
    private final int originLabels;
    private final OwnerTable names;
    private final RecordStore.Writer written;
    private int[] ownerOf;
    private int[] offsetOf;
    private int[] lineOf;
    private int count;
    private Name lastName;
    private int lastId;
    // Set by group():
    private int n;
    private byte[] flags;
    /** Record indexes by name id, each name's grouped by type; name {@code id}'s are {@code order[start[id]..]}. */
    private int[] order;
    private int[] start;

    public ZoneBuilder(Name origin, int expectedRecords) {
        this.origin = origin;
        this.originLabels = origin.labels() - 1;
        int expected = Math.max(16, expectedRecords);
        this.names = new OwnerTable(expected);
        this.written = new RecordStore.Writer(expected * 16);
        this.ownerOf = new int[expected];
        this.offsetOf = new int[expected + 1];
        this.lineOf = new int[expected];
        names.add(origin.toWire());
    }

    public Name origin() {
        return origin;
    }

    /**
     * Adds a record with its source line (0 when it has none); returns its index, or -1 when it is ignored: an
     * SOA (the zone's own is given to {@link #build}) or a name outside the origin (the reader reports those).
     */
    public int add(Record r, int line) {
        if (order != null) {
            throw new IllegalStateException("records were already grouped");
        }
        if (r.getType() == Type.SOA || !r.getName().subdomain(origin)) {
            return -1;
        }
        int index = append(ownerId(r.getName()), line);
        written.add(r);
        offsetOf[count] = written.size();
        return index;
    }

    /**
     * Adds a record given in parts, its RDATA already in wire form (as {@link #add(Record, int)} would write it),
     * for the commonest records of a large zone: no record object is made only to be written out again. Returns
     * its index, or -1 when it is ignored, as there.
     */
    public int add(Name owner, int type, long ttl, byte[] rdata, int line) {
        if (order != null) {
            throw new IllegalStateException("records were already grouped");
        }
        if (type == Type.SOA || !owner.subdomain(origin)) {
            return -1;
        }
        int index = append(ownerId(owner), line);
        written.add(type, ttl, rdata, 0, rdata.length);
        offsetOf[count] = written.size();
        return index;
    }

    /**
     * As {@link #add(Name, int, long, byte[], int)} for an owner given by its id ({@link #ownerId(byte[])}), so a
     * reader that has the owner's wire form makes no {@code Name} for it.
     */
    public int add(int ownerId, int type, long ttl, byte[] rdata, int line) {
        if (order != null) {
            throw new IllegalStateException("records were already grouped");
        }
        if (type == Type.SOA) {
            return -1;
        }
        int index = append(ownerId, line);
        written.add(type, ttl, rdata, 0, rdata.length);
        offsetOf[count] = written.size();
        return index;
    }

    /** The id of an owner name given in wire form, at or below the origin (the caller checks): found or added. */
    public int ownerId(byte[] wire) {
        return names.findOrAdd(wire, 0);
    }

    private int ownerId(Name owner) {
        if (owner != lastName) { // a name's records usually come together and share one Name
            lastId = names.findOrAdd(owner.toWire(), 0);
            lastName = owner;
        }
        return lastId;
    }

    /** Takes the next record's owner and line; the caller then writes it and sets where it ends. */
    private int append(int id, int line) {
        if (count == ownerOf.length) {
            ownerOf = Arrays.copyOf(ownerOf, count * 2);
            lineOf = Arrays.copyOf(lineOf, count * 2);
            offsetOf = Arrays.copyOf(offsetOf, count * 2 + 1);
        }
        offsetOf[count] = written.size();
        ownerOf[count] = id;
        lineOf[count] = line;
        return count++;
    }

    /** Records added so far. */
    public int size() {
        return count;
    }

    /** Visits every RRset, names in id order, types as first seen at each name, records in the order added. */
    public void forEachRRset(RRsetVisitor visitor) {
        group();
        for (int id = 0; id < n; id++) {
            for (int i = start[id]; i < start[id + 1]; ) {
                int type = type(order[i]);
                int j = i + 1;
                while (j < start[id + 1] && type(order[j]) == type) {
                    j++;
                }
                visitor.rrset(id, type, order, i, j);
                i = j;
            }
        }
    }

    /** Name {@code id} as first loaded. */
    public Name name(int id) {
        return names.name(id);
    }

    public boolean isApex(int id) {
        return id == 0;
    }

    /** RFC 1034 §4.2.1: NS at a name below the apex. */
    public boolean isCut(int id) {
        group();
        return (flags[id] & Zone.CUT) != 0;
    }

    /** Below a zone cut: only glue (A, AAAA) is served there, and only in referrals. */
    public boolean isOccluded(int id) {
        group();
        return (flags[id] & Zone.OCCLUDED) != 0;
    }

    /** RFC 6672 §2.4: below a DNAME owner, where nothing is served. */
    public boolean isBelowDname(int id) {
        group();
        return (flags[id] & Zone.BELOW_DNAME) != 0;
    }

    /** The nearest DNAME owner above name {@code id} (the apex included), or {@code null}. */
    public Name dnameAbove(int id) {
        group();
        int a = id;
        for (int labels = names.labels(id); labels > originLabels; labels--) {
            a = names.parentOf(a);
            if ((flags[a] & Zone.DNAME) != 0) {
                return names.name(a);
            }
        }
        return null;
    }

    /** The zone cuts above name {@code id}, nearest first (RFC 1034 §4.2.1). */
    public List<Name> cutsAbove(int id) {
        group();
        List<Name> out = new java.util.ArrayList<>(1);
        int a = id;
        for (int labels = names.labels(id); labels > originLabels + 1; labels--) {
            a = names.parentOf(a);
            if (a > 0 && (flags[a] & Zone.CUT) != 0) {
                out.add(names.name(a));
            }
        }
        return out;
    }

    /**
     * The octets of the smallest response that holds the whole RRset {@code order[from, to)} of name {@code id}: a
     * 12-octet header, the question (the name and 4 octets of type and class) and every record, its owner
     * compressed to a pointer to the question and its RDATA names compressed as the server compresses them (RFC
     * 1035 §4.1, §4.1.4). RFC 1035 §4.2.2: no DNS message, over TCP either, is longer than 65,535 octets, so an
     * RRset whose smallest answer is longer can never be answered. Sizes well below that limit are given as the
     * upper bound without compression (cheap: no name or record is made); near it, the answer is encoded.
     */
    public int smallestAnswer(int id, int[] order, int from, int to) {
        long bound = 12 + 255 + 4;
        for (int i = from; i < to; i++) {
            // Stored: type, TTL, RDLENGTH, RDATA; on the wire also a 2-octet owner pointer and the class.
            bound += offsetOf[order[i] + 1] - offsetOf[order[i]] + 4;
        }
        if (bound <= SMALL_ENOUGH) {
            return (int) bound;
        }
        Name name = names.name(id);
        if (to - from >= 0xffff) {
            // More records than a message's count can say: the size without compression of RDATA names.
            return (int) Math.min(Integer.MAX_VALUE, bound - 255 + name.length());
        }
        org.xbill.DNS.Message answer = new org.xbill.DNS.Message();
        answer.addRecord(Record.newRecord(name, type(order[from]), org.xbill.DNS.DClass.IN),
                org.xbill.DNS.Section.QUESTION);
        for (int i = from; i < to; i++) {
            answer.addRecord(RecordStore.record(written.array(), offsetOf[order[i]], name),
                    org.xbill.DNS.Section.ANSWER);
        }
        return answer.toWire().length;
    }

    /** Below this no RRset needs encoding to know it fits, with an OPT record beside it (RFC 6891 §6.1.2). */
    private static final int SMALL_ENOUGH = 65535 - 11;

    public int type(int record) {
        return RecordStore.type(written.array(), offsetOf[record]);
    }

    public long ttl(int record) {
        return RecordStore.ttl(written.array(), offsetOf[record]);
    }

    public int line(int record) {
        return lineOf[record];
    }

    /** RFC 2181 §5.2: gives a record another TTL (to even out an RRset). */
    public void setTtl(int record, long ttl) {
        RecordStore.setTtl(written.array(), offsetOf[record], ttl);
    }

    /**
     * The records as added, with their lines, made one by one on access: what {@link ZoneFile#records} gives
     * linters and tools, without a million objects kept for it.
     */
    public List<SourcedRecord> sourcedRecords() {
        return new Sourced();
    }

    /** The type of record {@code i} of a {@link ZoneFile#records} list, without making the record when it can. */
    public static int typeAt(List<SourcedRecord> records, int i) {
        return records instanceof Sourced view ? view.type(i) : records.get(i).record().getType();
    }

    private final class Sourced extends AbstractList<SourcedRecord> implements java.util.RandomAccess {
        @Override
        public SourcedRecord get(int i) {
            java.util.Objects.checkIndex(i, count);
            return new SourcedRecord(RecordStore.record(written.array(), offsetOf[i], names.name(ownerOf[i])),
                    lineOf[i]);
        }

        int type(int i) {
            java.util.Objects.checkIndex(i, count);
            return ZoneBuilder.this.type(i);
        }

        @Override
        public int size() {
            return count;
        }
    }

    /** The zone, with {@code soa} first at the apex. */
    public Zone build(SOARecord soa) {
        group();
        RecordStore.Writer soaWire = new RecordStore.Writer(64);
        soaWire.add(soa);
        byte[] w = written.array();
        int[] dataStart = new int[n + 1];
        int total = soaWire.size();
        for (int i = 0; i < count; i++) {
            total += offsetOf[i + 1] - offsetOf[i];
        }
        byte[] data = new byte[total];
        System.arraycopy(soaWire.array(), 0, data, 0, soaWire.size());
        int at = soaWire.size();
        for (int id = 0; id < n; id++) {
            dataStart[id] = id == 0 ? 0 : at;
            for (int i = start[id]; i < start[id + 1]; i++) {
                int r = order[i];
                int len = offsetOf[r + 1] - offsetOf[r];
                System.arraycopy(w, offsetOf[r], data, at, len);
                at += len;
            }
        }
        dataStart[n] = at;
        names.trim();
        return new Zone(origin, soa, names, flags, dataStart, data, count + 1);
    }

    /** Adds the empty non-terminals, marks cuts and occluded names, and orders the records by name and type. */
    private void group() {
        if (order != null) {
            return;
        }
        int owners = names.size();
        // RFC 4592 §2.2.2: every ancestor of an owner name up to the apex exists, as an empty non-terminal if it
        // owns nothing itself.
        for (int id = 1; id < owners; id++) {
            for (int a = id, labels = names.labels(id); labels > originLabels + 1; labels--) {
                int before = names.size();
                a = names.parentOf(a);
                if (names.size() == before) {
                    // Known already: an owner, whose ancestors are added on its own turn, or an empty
                    // non-terminal, added with all of its ancestors.
                    break;
                }
            }
        }
        n = names.size();
        flags = cutFlags();
        order = groupByName();
    }

    /**
     * RFC 1034 §4.2.1: a name below the apex owning NS is a zone cut; a name below a cut is occluded. RFC 6672
     * §2.4: a name below a DNAME owner (the apex included) is occluded too. Found per name by walking its ancestors
     * in the table: O(labels), whatever the number of cuts.
     */
    private byte[] cutFlags() {
        byte[] out = new byte[n];
        boolean any = false;
        for (int i = 0; i < count; i++) {
            if (ownerOf[i] != 0 && type(i) == Type.NS) {
                out[ownerOf[i]] |= Zone.CUT;
                any = true;
            } else if (type(i) == Type.DNAME) {
                out[ownerOf[i]] |= Zone.DNAME;
                any = true;
            }
        }
        if (!any) {
            return out;
        }
        boolean apexDname = (out[0] & Zone.DNAME) != 0;
        for (int id = 1; id < n; id++) {
            if (apexDname) {
                out[id] |= Zone.BELOW_DNAME;
            }
            int a = id;
            for (int labels = names.labels(id); labels > originLabels + 1; labels--) {
                a = names.parentOf(a);
                if ((out[a] & Zone.CUT) != 0) {
                    out[id] |= Zone.OCCLUDED;
                }
                if ((out[a] & Zone.DNAME) != 0) {
                    out[id] |= Zone.BELOW_DNAME;
                }
            }
        }
        return out;
    }

    /** Record indexes laid out by name id, each name's grouped by type (types as first seen; stable). */
    private int[] groupByName() {
        int[] head = new int[n];
        int[] tail = new int[n];
        int[] next = new int[count];
        int[] perName = new int[n];
        Arrays.fill(head, -1);
        for (int i = 0; i < count; i++) {
            int id = ownerOf[i];
            next[i] = -1;
            if (head[id] < 0) {
                head[id] = i;
            } else {
                next[tail[id]] = i;
            }
            tail[id] = i;
            perName[id]++;
        }
        start = new int[n + 1];
        for (int id = 0; id < n; id++) {
            start[id + 1] = start[id] + perName[id];
        }
        int[] out = new int[count];
        boolean[] placed = new boolean[count];
        int at = 0;
        for (int id = 0; id < n; id++) {
            for (int i = head[id]; i >= 0; i = next[i]) {
                if (placed[i]) {
                    continue; // placed with an earlier record of its type
                }
                int type = type(i);
                for (int j = i; j >= 0; j = next[j]) {
                    if (!placed[j] && type(j) == type) {
                        out[at++] = j;
                        placed[j] = true;
                    }
                }
            }
        }
        return out;
    }
}
