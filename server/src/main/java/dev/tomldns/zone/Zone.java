package dev.tomldns.zone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Name WILDCARD_LABEL = Name.fromConstantString("*");

    private final Name origin;
    private final SOARecord soa;
    /** RFC 2308 §3: the SOA in a negative answer carries TTL = min(SOA TTL, SOA MINIMUM). */
    private final SOARecord negativeSoa;
    private final Map<Name, Node> nodes;
    private final List<Record> records;

    private Zone(Name origin, SOARecord soa, Map<Name, Node> nodes, List<Record> records) {
        this.origin = origin;
        this.soa = soa;
        this.negativeSoa = new SOARecord(soa.getName(), soa.getDClass(), Math.min(soa.getTTL(), soa.getMinimum()),
                soa.getHost(), soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
                soa.getMinimum());
        this.nodes = nodes;
        this.records = records;
    }

    /**
     * Builds a zone from an SOA and the other records (in any order; records outside the origin are ignored, since
     * the reader or the transfer has already reported them). RRsets keep the order the records come in.
     */
    public static Zone build(SOARecord soa, List<Record> others) {
        Name origin = soa.getName();
        // One map, sized for one name per record (the most there can be): a zone's worth of rehashing is slow. It
        // holds builders while records are added, then each builder is replaced by its node.
        Map<Name, Object> nodes = new HashMap<>((int) Math.min(1 << 30, (others.size() + 1) * 4L / 3 + 1));
        List<Record> all = new ArrayList<>(others.size() + 1);
        all.add(soa);
        builder(nodes, origin).add(soa);
        Set<Name> cuts = new HashSet<>();
        for (Record r : others) {
            if (r.getType() == Type.SOA || !r.getName().subdomain(origin)) {
                continue;
            }
            all.add(r);
            builder(nodes, r.getName()).add(r);
            // Zone cuts: NS owned by a name below the apex (RFC 1034 §4.2.1).
            if (r.getType() == Type.NS && !r.getName().equals(origin)) {
                cuts.add(r.getName());
            }
        }
        List<Name> owners = new ArrayList<>(nodes.keySet());
        for (Name name : owners) {
            Node.Builder b = (Node.Builder) nodes.get(name);
            nodes.put(name, b.build(cuts.contains(name), belowCut(name, origin, cuts)));
        }
        // RFC 4592 §2.2.2: every ancestor of an owner name up to the apex exists, as an empty non-terminal if it
        // owns nothing itself.
        for (Name name : owners) {
            for (int strip = 1; strip < name.labels() - origin.labels(); strip++) {
                Name ancestor = new Name(name, strip);
                if (nodes.containsKey(ancestor)) {
                    break; // its own ancestors were added with it, or are owners themselves
                }
                nodes.put(ancestor, Node.empty(belowCut(ancestor, origin, cuts)));
            }
        }
        @SuppressWarnings("unchecked")
        Map<Name, Node> built = (Map<Name, Node>) (Map<Name, ?>) nodes;
        return new Zone(origin, soa, Collections.unmodifiableMap(built), Collections.unmodifiableList(all));
    }

    private static Node.Builder builder(Map<Name, Object> nodes, Name name) {
        return (Node.Builder) nodes.computeIfAbsent(name, n -> new Node.Builder());
    }

    /** Whether a proper ancestor of {@code name} below the origin is a zone cut: O(labels), whatever the cut count. */
    private static boolean belowCut(Name name, Name origin, Set<Name> cuts) {
        if (cuts.isEmpty()) {
            return false;
        }
        for (int strip = 1; strip < name.labels() - origin.labels(); strip++) {
            if (cuts.contains(new Name(name, strip))) {
                return true;
            }
        }
        return false;
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

    /** Every record, SOA first, in load order: what a zone transfer sends and what the linter reads. */
    public List<Record> records() {
        return records;
    }

    /** The same zone with another SOA serial (managed serials, RFC 1982 arithmetic is the caller's). */
    public Zone withSerial(long serial) {
        SOARecord s = new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(),
                serial, soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
        return build(s, records.subList(1, records.size()));
    }

    /** The RRset stored at exactly this name and type, or {@code null}; no cut, CNAME or wildcard logic. */
    public RRset rrset(Name name, int type) {
        Node node = nodes.get(name);
        return node == null ? null : node.get(type);
    }

    /** Every owner name of the zone, empty non-terminals included: what an index of its names must cover. */
    public java.util.Set<Name> names() {
        return nodes.keySet();
    }

    /** The RRsets owned by exactly this name; empty for an empty non-terminal or a name not in the zone. */
    public java.util.Collection<RRset> rrsets(Name name) {
        Node node = nodes.get(name);
        return node == null ? List.of() : node.all();
    }

    /** The types owned by exactly this name, in zone order; empty for an empty non-terminal or a name not here. */
    public int[] types(Name name) {
        Node node = nodes.get(name);
        return node == null ? new int[0] : node.types();
    }

    /** RFC 1034 §4.2.1: whether the name is a zone cut or lies below one, where answers are referrals. */
    public boolean delegated(Name name) {
        Node node = nodes.get(name);
        return node != null && (node.cut || node.occluded);
    }

    /** Whether the name exists in the zone, including as an empty non-terminal. */
    public boolean exists(Name name) {
        return nodes.containsKey(name);
    }

    /**
     * RFC 1034 §4.3.2 step 3 for a name at or below the origin: descend from the apex looking for a zone cut, then
     * match exactly, then try the wildcard at the closest encloser (RFC 4592 §4).
     */
    public LookupResult lookup(Name qname, int qtype) {
        int originLabels = origin.labels();
        int qlabels = qname.labels();
        for (int labels = originLabels + 1; labels <= qlabels; labels++) {
            Name name = labels == qlabels ? qname : new Name(qname, qlabels - labels);
            Node node = nodes.get(name);
            if (node == null) {
                // RFC 4592 §3.3.1: the closest encloser is the deepest existing ancestor.
                return Wildcard.synthesize(this, qname, qtype, new Name(qname, qlabels - labels + 1));
            }
            // RFC 4035 §3.1.4.1: DS lives on the parent side of the cut, so it is not referred.
            if (node.cut && !(labels == qlabels && qtype == Type.DS)) {
                return Referral.at(this, node);
            }
        }
        return answerAt(nodes.get(qname), qname, qtype, false);
    }

    /** The data of one existing node, owned by {@code owner} (the query name when synthesized from a wildcard). */
    LookupResult answerAt(Node node, Name owner, int qtype, boolean wildcard) {
        if (node.isEmpty()) {
            return new LookupResult.NoData(this, wildcard);
        }
        if (qtype == Type.ANY) {
            // RFC 8482 §4.2: answer ANY with one RRset, as NSD and Knot do: the first in zone order (the SOA at
            // the apex), over UDP and TCP alike.
            RRset first = node.first();
            return new LookupResult.Answer(this, List.of(wildcard ? Wildcard.reown(first, owner) : first), wildcard);
        }
        RRset set = node.get(qtype);
        if (set == null && qtype != Type.CNAME && node.hasCname()) {
            RRset cname = node.get(Type.CNAME);
            Name target = ((org.xbill.DNS.CNAMERecord) cname.first()).getTarget();
            return new LookupResult.Cname(this, wildcard ? Wildcard.reown(cname, owner) : cname, target, wildcard);
        }
        if (set == null) {
            return new LookupResult.NoData(this, wildcard);
        }
        return new LookupResult.Answer(this, List.of(wildcard ? Wildcard.reown(set, owner) : set), wildcard);
    }

    Node node(Name name) {
        return nodes.get(name);
    }

    static Name wildcardAt(Name closestEncloser) {
        try {
            return Name.concatenate(WILDCARD_LABEL, closestEncloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return null; // cannot happen: "*" is no longer than the label it stands for
        }
    }

    /**
     * A and AAAA RRsets of a name, for the additional section (RFC 1035 §3.3.9 MX, §3.3.11 NS; RFC 2782 SRV).
     * Glue below a cut is included only when {@code includeGlue} is set (referrals).
     */
    public List<RRset> addresses(Name target, boolean includeGlue) {
        Node node = nodes.get(target);
        if (node == null || (node.occluded && !includeGlue)) {
            return List.of();
        }
        RRset a = node.get(Type.A);
        RRset aaaa = node.get(Type.AAAA);
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
