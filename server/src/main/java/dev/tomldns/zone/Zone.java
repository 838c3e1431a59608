package dev.tomldns.zone;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * An immutable authoritative zone: its origin, SOA and every owner name with its RRsets, plus what lookup needs to
 * know without searching: zone cuts, occluded (glue) names and empty non-terminals.
 *
 * <p>Instances are never changed after {@link #build}; a reload or transfer builds a new one and the registry swaps
 * it in whole, so a query sees one version of a zone from start to end.
 */
public final class Zone {
    static final byte CUT = 1;
    static final byte OCCLUDED = 2;
    /** The name owns a DNAME (RFC 6672 §2.1): names below it are redirected. */
    static final byte DNAME = 4;
    /** RFC 6672 §2.4: below a DNAME owner; data here is never served. */
    static final byte BELOW_DNAME = 8;

    private final Name origin;
    private final SOARecord soa;
    /** RFC 2308 §3: the SOA in a negative answer carries TTL = min(SOA TTL, SOA MINIMUM). */
    private final SOARecord negativeSoa;
    /** Every owner name, empty non-terminals included; id 0 is the apex. */
    private final OwnerTable names;
    /** {@link #CUT}, {@link #OCCLUDED}, {@link #DNAME} and {@link #BELOW_DNAME} per name id. */
    private final byte[] flags;
    /** The records of name {@code id} are {@code data[dataStart[id], dataStart[id + 1])}: see {@link RecordStore}. */
    private final int[] dataStart;
    private final byte[] data;
    private final int recordCount;
    /** Labels of the origin, the root excluded. */
    private final int originLabels;
    /** The answer cache's data for this version of the zone, attached off the query path ({@link #attach}). */
    private volatile Object attachment;
    /** The zone holds RRSIG, NSEC or NSEC3 records. */
    private final boolean signed;
    /** The denial proofs of this version ({@link #proofs()}). */
    private volatile Object proofs;

    Zone(Name origin, SOARecord soa, OwnerTable names, byte[] flags, int[] dataStart, byte[] data,
                 int recordCount) {
        this.origin = origin;
        this.soa = soa;
        this.negativeSoa = new SOARecord(soa.getName(), soa.getDClass(), Math.min(soa.getTTL(), soa.getMinimum()),
                soa.getHost(), soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
                soa.getMinimum());
        this.names = names;
        this.flags = flags;
        this.dataStart = dataStart;
        this.data = data;
        this.recordCount = recordCount;
        this.originLabels = origin.labels() - 1;
        this.signed = holdsDnssec(data);
    }

    private static boolean holdsDnssec(byte[] data) {
        for (int at = 0; at < data.length; at = RecordStore.next(data, at)) {
            int type = RecordStore.type(data, at);
            if (type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the answer cache keeps for this version of the zone (its pre-encoded answers), or {@code null} until it
     * is {@link #attach attached}. A zone is immutable and a new version is a new instance, so the cache of one
     * version is never seen by another.
     */
    public Object attachment() {
        return attachment;
    }

    /** Attaches the answer cache's data; done once, off the event loops, after the zone is swapped in. */
    public void attach(Object data) {
        this.attachment = data;
    }

    /**
     * Builds a zone from an SOA and the other records (in any order; records outside the origin are ignored, since
     * the reader or the transfer has already reported them). RRsets keep the order the records come in.
     *
     * <p>The zone keeps no dnsjava objects: names go to an {@link OwnerTable} and records, grouped by name and
     * type, to one array in wire form ({@link RecordStore}). A million records then cost tens of MiB instead of
     * hundreds, and a garbage collection has a handful of arrays to trace instead of millions of objects.
     */
    public static Zone build(SOARecord soa, List<Record> others) {
        ZoneBuilder builder = new ZoneBuilder(soa.getName(), others.size());
        for (Record r : others) {
            builder.add(r, 0);
        }
        return builder.build(soa);
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    public long serial() {
        return soa.getSerial();
    }

    /** The SOA for the authority section of NXDOMAIN and NODATA answers (RFC 2308 §3). */
    public SOARecord negativeSoa() {
        return negativeSoa;
    }

    /**
     * RFC 4035 §3.1.3: the SOA of a negative answer to a DO=1 query, with the apex's RRSIGs over the SOA (their TTL
     * lowered to the SOA's, RFC 4035 §2.2).
     */
    public RRset signedNegativeSoa() {
        RRset set = new RRset(negativeSoa);
        new Node(this, 0).addSignatures(set, Type.SOA);
        return set;
    }

    /**
     * Every record, SOA first: what a zone transfer sends and what tools read. Grouped by owner name (in the order
     * names first came) and by type within a name; made anew on each call from the compact store.
     */
    public List<Record> records() {
        List<Record> out = new ArrayList<>(recordCount);
        forEachRecord(out::add);
        return out;
    }

    /**
     * Every record, in {@link #records()}'s order, made name by name: a large zone (a transfer, a stored copy) never
     * needs all its records as objects at once.
     */
    public void forEachRecord(java.util.function.Consumer<Record> sink) {
        for (int id = 0; id < names.size(); id++) {
            recordsAt(id).forEach(sink);
        }
    }

    /** The records of name {@code id}, in {@link #records()}'s order (the SOA among the apex's). */
    public List<Record> recordsAt(int id) {
        if (dataStart[id] == dataStart[id + 1]) {
            return List.of(); // an empty non-terminal
        }
        List<Record> out = new ArrayList<>();
        Name owner = ownerName(id);
        for (int at = dataStart[id]; at < dataStart[id + 1]; at = RecordStore.next(data, at)) {
            out.add(RecordStore.record(data, at, owner));
        }
        return out;
    }

    /** The id here of {@code other}'s name {@code otherId} (any letter case), or -1 when this zone lacks it. */
    public int idOf(Zone other, int otherId) {
        return names.find(other.names.bytes(), other.names.start(otherId));
    }

    /**
     * Whether name {@code id} here and name {@code otherId} of {@code other} hold the same records stored the same
     * way (order, TTLs and RDATA octets). Equal storage means equal records; unequal storage may still be the same
     * records in another order or letter case, which the caller compares record by record.
     */
    public boolean sameStorage(int id, Zone other, int otherId) {
        return java.util.Arrays.equals(data, dataStart[id], dataStart[id + 1],
                other.data, other.dataStart[otherId], other.dataStart[otherId + 1]);
    }

    /** Number of records, SOA included. */
    public int recordCount() {
        return recordCount;
    }

    /** Approximate heap held by the zone's names and records. */
    public long footprint() {
        return names.footprint() + flags.length + 4L * dataStart.length + data.length;
    }

    /** The same zone with another SOA serial (managed serials, RFC 1982 arithmetic is the caller's). */
    public Zone withSerial(long serial) {
        SOARecord s = new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(),
                serial, soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
        List<Record> all = records();
        return build(s, all.subList(1, all.size()));
    }

    /** The RRset stored at exactly this name and type, or {@code null}; no cut, CNAME or wildcard logic. */
    public RRset rrset(Name name, int type) {
        Node node = node(name);
        return node == null ? null : node.get(type);
    }

    /** Every owner name of the zone, empty non-terminals included: what an index of its names must cover. */
    public java.util.Set<Name> names() {
        java.util.Set<Name> out = new java.util.LinkedHashSet<>();
        for (int id = 0; id < names.size(); id++) {
            out.add(ownerName(id));
        }
        return out;
    }

    /** Number of owner names, empty non-terminals included; ids run from 0 (the apex) to this minus one. */
    public int nameCount() {
        return names.size();
    }

    /** Owner name {@code id} as loaded. */
    public Name ownerName(int id) {
        return names.name(id);
    }

    /** Owner name {@code id} in canonical (lowercase) wire form (RFC 4034 §6.2). */
    public byte[] canonicalName(int id) {
        return names.canonical(id);
    }

    /**
     * A digest of the zone's content that ignores the order records came in and the SOA serial: 128 bits, as
     * two sums of 64-bit hashes of each record (lowercase owner, type, TTL, RDATA as stored). A sum does not
     * depend on order, so nothing is sorted and no record object is made; it tells "same records" from "changed"
     * for managed serials, with no adversary to resist.
     */
    public String contentDigest() {
        long a = 0;
        long b = 0;
        byte[] nameBytes = names.bytes();
        for (int id = 0; id < names.size(); id++) {
            int at = names.start(id);
            long owner = hash(nameBytes, at, OwnerTable.length(nameBytes, at), true);
            for (int r = dataStart[id]; r < dataStart[id + 1]; r = RecordStore.next(data, r)) {
                long h = owner * 31 + hashRecord(r, RecordStore.next(data, r));
                // Two lanes, each a sum of one mix of the record's hash: 128 bits of sum from one pass over it.
                a += mix(h);
                b += mix(h ^ 0x9E3779B97F4A7C15L);
            }
        }
        return String.format("%016x%016x-%d", a, b, recordCount);
    }

    /** One record's hash; an SOA's serial (RFC 1035 §3.3.13: after MNAME and RNAME) counts as 0. */
    private long hashRecord(int at, int end) {
        if (RecordStore.type(data, at) != Type.SOA) {
            return hash(data, at, end - at, false);
        }
        byte[] copy = java.util.Arrays.copyOfRange(data, at, end);
        int serialAt = 8;
        serialAt += OwnerTable.length(copy, serialAt);
        serialAt += OwnerTable.length(copy, serialAt);
        java.util.Arrays.fill(copy, serialAt, serialAt + 4, (byte) 0);
        return hash(copy, 0, copy.length, false);
    }

    /** FNV-1a over the octets (owner names lowercased: RFC 4343), finished by {@link #mix}. */
    private static long hash(byte[] bytes, int from, int length, boolean lowercase) {
        long h = 0xCBF29CE484222325L ^ length;
        for (int i = from; i < from + length; i++) {
            int c = bytes[i] & 0xff;
            if (lowercase && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            h = (h ^ c) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** The finalizer of SplitMix64: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The types name {@code id} owns, in zone order. */
    public int[] types(int id) {
        return RecordStore.types(data, dataStart[id], dataStart[id + 1]);
    }

    /** Whether name {@code id} is a zone cut or lies below one (RFC 1034 §4.2.1). */
    public boolean delegated(int id) {
        return (flags[id] & (CUT | OCCLUDED)) != 0;
    }

    /** Whether name {@code id} owns a DNAME or lies below one (RFC 6672 §2.4): its answers involve the DNAME. */
    public boolean redirected(int id) {
        return (flags[id] & (DNAME | BELOW_DNAME)) != 0;
    }

    /** The RRsets owned by exactly this name; empty for an empty non-terminal or a name not in the zone. */
    public java.util.Collection<RRset> rrsets(Name name) {
        Node node = node(name);
        return node == null ? List.of() : node.all();
    }

    /** The types owned by exactly this name, in zone order; empty for an empty non-terminal or a name not here. */
    public int[] types(Name name) {
        int id = names.find(name.toWire());
        return id < 0 ? new int[0] : types(id);
    }

    /** RFC 1034 §4.2.1: whether the name is a zone cut or lies below one, where answers are referrals. */
    public boolean delegated(Name name) {
        int id = names.find(name.toWire());
        return id >= 0 && delegated(id);
    }

    /** RFC 6672 §2.4: whether the name lies below a DNAME owner, where stored data is occluded. */
    public boolean belowDname(Name name) {
        int id = names.find(name.toWire());
        return id >= 0 && (flags[id] & BELOW_DNAME) != 0;
    }

    /** Whether the name exists in the zone, including as an empty non-terminal. */
    public boolean exists(Name name) {
        return names.find(name.toWire()) >= 0;
    }

    /** {@link #locate}: the name exists and answers for itself; the id is the name's. */
    public static final int EXACT = 0;
    /** {@link #locate}: RFC 4592 §3.3.1, synthesis from the wildcard whose id is given. */
    public static final int WILDCARD = 1;
    /** {@link #locate}: no such name and no wildcard; the id is the closest encloser's. */
    public static final int NXDOMAIN = 2;
    /** {@link #locate}: RFC 1034 §4.3.2 step 3b, a referral at the cut whose id is given. */
    public static final int REFERRAL = 3;
    /** {@link #locate}: RFC 6672 §3.2, a redirection by the DNAME owned by the id given. */
    public static final int REDIRECT = 4;

    /** The kind ({@link #EXACT}...) of a {@link #locate} result. */
    public static int kind(long located) {
        return (int) (located >>> 32);
    }

    /** The name id of a {@link #locate} result. */
    public static int id(long located) {
        return (int) located;
    }

    private static long located(int kind, int id) {
        return (long) kind << 32 | id;
    }

    /**
     * RFC 1034 §4.3.2 step 3 for a name at or below the origin, the one implementation of it: where in this zone the
     * answer to {@code q} comes from. The deepest existing suffix of the name is found first, straight from the
     * query's octets; names below a cut or a DNAME carry a flag, so only then is the way down from the apex walked
     * to find the cut or DNAME that comes first (RFC 6672 §3.2: a DNAME redirects the names below its owner).
     * Otherwise the name itself answers, or the wildcard at the closest encloser does (RFC 4592 §3.3.1), or none
     * (NXDOMAIN). Allocates nothing.
     */
    public long locate(QueryName q, int qtype) {
        int originAt = q.labels - originLabels;
        int level = 0;
        int id = -1;
        for (; level <= originAt; level++) {
            int from = q.labelStart[level];
            id = names.find(q.name, from, q.length - from, q.suffixHash[level]);
            if (id >= 0) {
                break;
            }
        }
        if (id < 0) {
            throw new IllegalArgumentException("not a name of " + origin);
        }
        byte f = flags[id];
        // RFC 4035 §3.1.4.1: DS at a cut is the parent side's data, answered here rather than referred.
        boolean redirectedHere = level == 0 ? (f & CUT) != 0 && qtype != Type.DS : (f & (CUT | DNAME)) != 0;
        if (redirectedHere || (f & (OCCLUDED | BELOW_DNAME)) != 0) {
            return descend(q, qtype, level);
        }
        if (level == 0) {
            return located(EXACT, id);
        }
        int from = q.labelStart[level];
        int wildcard = names.findWildcard(q.name, from, q.length - from, q.suffixHash[level]);
        return wildcard >= 0 ? located(WILDCARD, wildcard) : located(NXDOMAIN, id);
    }

    /** From the apex down to {@code deepest}: the first cut (a referral) or DNAME owner above the name (a redirect). */
    private long descend(QueryName q, int qtype, int deepest) {
        for (int level = q.labels - originLabels; level >= deepest; level--) {
            int from = q.labelStart[level];
            int id = names.find(q.name, from, q.length - from, q.suffixHash[level]);
            byte f = flags[id];
            if ((f & CUT) != 0 && !(level == 0 && qtype == Type.DS)) {
                return located(REFERRAL, id);
            }
            if ((f & DNAME) != 0 && level > 0) {
                return located(REDIRECT, id);
            }
        }
        throw new IllegalStateException("zone " + origin + ": a name flagged below a cut or DNAME has none above it");
    }

    /** Length in octets of name {@code id} in wire form. */
    public int nameLength(int id) {
        return OwnerTable.length(names.bytes(), names.start(id));
    }

    /** What this zone says about {@code qname} (at or below the origin): {@link #locate}, as a lookup result. */
    public LookupResult lookup(Name qname, int qtype) {
        return lookup(qname, qtype, false);
    }

    /**
     * As {@link #lookup(Name, int)}; with {@code dnssec} (a DO=1 query, RFC 3225) every RRset signed here carries
     * its RRSIGs (RFC 4035 §3.1.1) and a referral its DS RRset (RFC 4035 §3.1.4).
     */
    public LookupResult lookup(Name qname, int qtype, boolean dnssec) {
        return lookup(QueryName.of(qname), qname, qtype, dnssec);
    }

    /**
     * As {@link #lookup(Name, int, boolean)}, from the query's name already read ({@code q} is {@code qname}'s, as
     * {@link Catalog#findFor(QueryName, Name, int)} had it).
     */
    public LookupResult lookup(QueryName q, Name qname, int qtype, boolean dnssec) {
        long where = locate(q, qtype);
        int id = id(where);
        return switch (kind(where)) {
            case EXACT -> answerAt(new Node(this, id), qname, qtype, null, dnssec);
            case WILDCARD -> answerAt(new Node(this, id), qname, qtype, new Name(ownerName(id), 1), dnssec);
            case REFERRAL -> Referral.at(this, new Node(this, id), ownerName(id), dnssec);
            case REDIRECT -> Dname.substitute(this, dnssec ? new Node(this, id).getSigned(Type.DNAME)
                    : new Node(this, id).get(Type.DNAME), qname);
            default -> new LookupResult.NxDomain(this, id);
        };
    }

    /**
     * The data of one existing node, owned by {@code owner} (the query name when synthesized from the wildcard child
     * of {@code encloser}; {@code null} when the name answers for itself).
     */
    LookupResult answerAt(Node node, Name owner, int qtype, Name encloser, boolean dnssec) {
        boolean wildcard = encloser != null;
        if (node.isEmpty()) {
            return new LookupResult.NoData(this, wildcard, encloser);
        }
        if (qtype == Type.ANY) {
            // RFC 8482 §4.2: answer ANY with one RRset, as NSD and Knot do: the first in zone order (the SOA at
            // the apex), over UDP and TCP alike.
            RRset first = node.first();
            if (dnssec) {
                node.addSignatures(first, first.getType());
            }
            return new LookupResult.Answer(this, List.of(wildcard ? Wildcard.reown(first, owner) : first), wildcard,
                    encloser);
        }
        if (qtype == Type.RRSIG && node.has(Type.RRSIG)) {
            // RFC 4035 §2.2: a query for RRSIG gets every RRSIG at the name, as NSD and Knot answer it (RRSIGs
            // covering different types are not one RRset); they are signed by nothing, so DO adds nothing.
            List<RRset> sigs = node.rrsigs();
            if (wildcard) {
                sigs.replaceAll(set -> Wildcard.reown(set, owner));
            }
            return new LookupResult.Answer(this, sigs, wildcard, encloser);
        }
        RRset set = dnssec ? node.getSigned(qtype) : node.get(qtype);
        // RFC 4035 §2.5, RFC 2181 §10.1: NSEC and RRSIG may sit beside a CNAME and belong to the alias itself, so a
        // query for them is answered at the alias (its own records, or NODATA) and the CNAME is not followed, as
        // Knot 3.2 and BIND 9.18 answer (NSD 4.6 follows the CNAME).
        if (set == null && qtype != Type.CNAME && qtype != Type.NSEC && qtype != Type.RRSIG && node.hasCname()) {
            RRset cname = dnssec ? node.getSigned(Type.CNAME) : node.get(Type.CNAME);
            Name target = ((org.xbill.DNS.CNAMERecord) cname.first()).getTarget();
            return new LookupResult.Cname(this, wildcard ? Wildcard.reown(cname, owner) : cname, target, wildcard,
                    encloser);
        }
        if (set == null) {
            return new LookupResult.NoData(this, wildcard, encloser);
        }
        return new LookupResult.Answer(this, List.of(wildcard ? Wildcard.reown(set, owner) : set), wildcard,
                encloser);
    }

    /**
     * The RRset stored at exactly this name and type with the RRSIGs that cover it (RFC 4035 §2.2), or {@code
     * null}; no cut, CNAME or wildcard logic. What a denial proof hands over (an NSEC or NSEC3 with its RRSIGs).
     */
    public RRset signedRRset(Name name, int type) {
        Node node = node(name);
        return node == null ? null : node.getSigned(type);
    }

    /** As {@link #signedRRset(Name, int)} for name {@code id}. */
    public RRset signedRRset(int id, int type) {
        return new Node(this, id).getSigned(type);
    }

    /** Whether name {@code id} owns records of {@code type}. */
    public boolean has(int id, int type) {
        byte[] d = data;
        for (int at = dataStart[id]; at < dataStart[id + 1]; at = RecordStore.next(d, at)) {
            if (RecordStore.type(d, at) == type) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the zone holds DNSSEC records (RFC 4034: RRSIG, NSEC, NSEC3): answers to DO=1 queries then differ
     * from the others.
     */
    public boolean signed() {
        return signed;
    }

    /**
     * This version's denial-of-existence proofs (an {@code dev.tomldns.dnssec.DenialProofs}), or {@code null} until
     * {@link #keepProofs kept}: made once per version by the DNSSEC code, which this package does not depend on.
     */
    public Object proofs() {
        return proofs;
    }

    /** Keeps this version's proofs; a second call (two threads made them at once) keeps the later equal copy. */
    public void keepProofs(Object made) {
        this.proofs = made;
    }

    /** A view of the name's records, or {@code null} when the name is not in the zone. */
    Node node(Name name) {
        int id = names.find(name.toWire());
        return id < 0 ? null : new Node(this, id);
    }

    Name ownerOf(int id) {
        return ownerName(id);
    }

    byte flagsOf(int id) {
        return flags[id];
    }

    byte[] data() {
        return data;
    }

    int dataStart(int id) {
        return dataStart[id];
    }

    int dataEnd(int id) {
        return dataStart[id + 1];
    }

    /**
     * A and AAAA RRsets of a name, for the additional section (RFC 1035 §3.3.9 MX, §3.3.11 NS; RFC 2782 SRV).
     * Glue below a cut is included only when {@code includeGlue} is set (referrals).
     */
    public List<RRset> addresses(Name target, boolean includeGlue) {
        return addresses(target, includeGlue, false);
    }

    /** As {@link #addresses(Name, boolean)}; with {@code dnssec}, each with its RRSIGs (RFC 4035 §3.1.1). */
    public List<RRset> addresses(Name target, boolean includeGlue, boolean dnssec) {
        Node node = node(target);
        if (node == null || node.belowDname || (node.occluded && !includeGlue)) {
            return List.of();
        }
        // Glue below a cut is the child's data and never signed here (RFC 4035 §2.2).
        boolean signedHere = dnssec && !node.occluded;
        RRset a = signedHere ? node.getSigned(Type.A) : node.get(Type.A);
        RRset aaaa = signedHere ? node.getSigned(Type.AAAA) : node.get(Type.AAAA);
        if (a == null && aaaa == null) {
            return List.of();
        }
        if (a == null) {
            return List.of(aaaa);
        }
        return aaaa == null ? List.of(a) : List.of(a, aaaa);
    }

    @Override
    public String toString() {
        return "zone " + origin + " serial " + serial();
    }
}
