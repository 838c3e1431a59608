package dev.tomldns.update;

import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * The update section of an UPDATE (RFC 2136 §2.5), prescanned (§3.4.1) and then applied (§3.4.2) to a working copy
 * of the zone's RRsets; the served zone is untouched until the whole message has been applied (§3.7:
 * all or nothing), and then it is replaced by {@link #build}.
 */
public final class UpdateSection {
    private final Name origin;
    private SOARecord soa;
    private boolean soaReplaced;
    /** Every RRset of the working copy by owner name (any letter case) and type, in zone order. */
    private final Map<Name, Map<Integer, List<Record>>> names = new LinkedHashMap<>();
    private final Map<RRsetKey, List<Record>> before = new LinkedHashMap<>();

    public UpdateSection(Zone zone) {
        this.origin = zone.origin();
        this.soa = zone.soa();
        for (Record r : zone.records()) {
            if (r.getType() != Type.SOA) {
                names.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                        .computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(r);
            }
        }
    }

    /** RFC 6895 §3.1: OPT and the QTYPE/meta-TYPE range (TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY). */
    static boolean isMeta(int type) {
        return type == Type.OPT || (type >= 128 && type <= 255) || type == 0;
    }

    /** RFC 2136 §3.4.1.3 prescan: NOERROR, NOTZONE for a name outside the zone, or FORMERR. */
    public static int prescan(List<Record> updates, Name origin) {
        for (Record rr : updates) {
            if (!rr.getName().subdomain(origin)) {
                return Rcode.NOTZONE;
            }
            int type = rr.getType();
            boolean empty = rr.rdataToWireCanonical().length == 0;
            if (rr.getDClass() == DClass.IN) {
                if (isMeta(type)) {
                    return Rcode.FORMERR;
                }
            } else if (rr.getDClass() == DClass.ANY) {
                if (rr.getTTL() != 0 || !empty || (isMeta(type) && type != Type.ANY)) {
                    return Rcode.FORMERR;
                }
            } else if (rr.getDClass() == DClass.NONE) {
                if (rr.getTTL() != 0 || isMeta(type)) {
                    return Rcode.FORMERR;
                }
            } else {
                return Rcode.FORMERR;
            }
        }
        return Rcode.NOERROR;
    }

    /** The types at {@code name} in the working copy (the SOA at the apex not among them). */
    public Set<Integer> typesAt(Name name) {
        Map<Integer, List<Record>> at = names.get(name);
        return at == null ? Set.of() : new LinkedHashSet<>(at.keySet());
    }

    /** RFC 2136 §3.4.2: applies one prescanned update RR to the working copy. */
    public void apply(Record rr) {
        Name name = rr.getName();
        int type = rr.getType();
        if (rr.getDClass() == DClass.IN) {
            add(rr);
        } else if (rr.getDClass() == DClass.ANY) {
            if (type == Type.ANY) {
                // §3.4.2.3: delete all RRsets at the name; at the apex the SOA and NS RRsets stay.
                for (int t : typesAt(name)) {
                    if (!(name.equals(origin) && t == Type.NS)) {
                        replace(name, t, List.of());
                    }
                }
            } else if (!(name.equals(origin) && (type == Type.SOA || type == Type.NS))) {
                // §3.4.2.3: delete an RRset, except the apex SOA and NS.
                replace(name, type, List.of());
            }
        } else {
            deleteOne(rr);
        }
    }

    /** §3.4.2.2: add to an RRset, with the SOA and CNAME rules. */
    private void add(Record rr) {
        Name name = rr.getName();
        int type = rr.getType();
        if (type == Type.SOA) {
            // §3.4.2.2: an SOA elsewhere than the apex, or one whose serial is not greater, is ignored.
            if (name.equals(origin) && Serial.compare(((SOARecord) rr).getSerial(), soa.getSerial()) > 0) {
                soa = (SOARecord) rr;
                soaReplaced = true;
            }
            return;
        }
        Set<Integer> there = typesAt(name);
        if (type == Type.CNAME) {
            // §3.4.2.2: a CNAME is not added beside other data, and replaces the CNAME there (one per name).
            if (there.stream().anyMatch(t -> t != Type.CNAME && !isDnssec(t))) {
                return;
            }
            replace(name, type, List.of(rr));
            return;
        }
        if (there.contains(Type.CNAME) && !isDnssec(type)) {
            return; // §3.4.2.2: no other data beside a CNAME
        }
        List<Record> set = new ArrayList<>(rrset(name, type));
        set.remove(rr);
        set.add(rr);
        // RFC 2181 §5.2: the records of an RRset share one TTL: the one just sent.
        List<Record> sameTtl = new ArrayList<>(set.size());
        for (Record r : set) {
            sameTtl.add(r.getTTL() == rr.getTTL() ? r : copy(r, rr.getTTL()));
        }
        replace(name, type, sameTtl);
    }

    /** §3.4.2.4: delete one RR; the SOA never, the apex's last NS not. */
    private void deleteOne(Record rr) {
        Name name = rr.getName();
        int type = rr.getType();
        if (type == Type.SOA) {
            return;
        }
        List<Record> set = new ArrayList<>(rrset(name, type));
        Record match = copy(rr, 0);
        boolean removed = set.removeIf(r -> sameData(r, match));
        if (!removed || (type == Type.NS && name.equals(origin) && set.isEmpty())) {
            return;
        }
        replace(name, type, set);
    }

    private static boolean sameData(Record a, Record b) {
        return a.getType() == b.getType() && a.getName().equals(b.getName())
                && java.util.Arrays.equals(a.rdataToWireCanonical(), b.rdataToWireCanonical());
    }

    private static boolean isDnssec(int type) {
        return type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3;
    }

    /** A class IN copy of {@code r} with {@code ttl}. */
    private static Record copy(Record r, long ttl) {
        try {
            return Record.fromString(r.getName(), r.getType(), DClass.IN, ttl, r.rdataToString(), Name.root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dnsjava cannot read back its own text for " + r, e);
        }
    }

    /** The working copy's records of {@code name} and {@code type}; empty when there are none. */
    public List<Record> rrset(Name name, int type) {
        Map<Integer, List<Record>> at = names.get(name);
        List<Record> set = at == null ? null : at.get(type);
        return set == null ? List.of() : set;
    }

    private void replace(Name name, int type, List<Record> set) {
        RRsetKey key = new RRsetKey(name, type);
        before.putIfAbsent(key, List.copyOf(rrset(name, type)));
        Map<Integer, List<Record>> at = names.computeIfAbsent(name, n -> new LinkedHashMap<>());
        if (set.isEmpty()) {
            at.remove(type);
            if (at.isEmpty()) {
                names.remove(name);
            }
        } else {
            at.put(type, List.copyOf(set));
        }
    }

    /** The RRsets this update changed, each with its version before the update, in the order first touched. */
    public Map<RRsetKey, List<Record>> changed() {
        Map<RRsetKey, List<Record>> out = new LinkedHashMap<>();
        for (Map.Entry<RRsetKey, List<Record>> e : before.entrySet()) {
            List<Record> now = rrset(e.getKey().name(), e.getKey().type());
            if (!DynamicRecords.sameRRset(e.getValue(), now)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Whether the update set a new SOA (§3.4.2.2). */
    public boolean soaReplaced() {
        return soaReplaced;
    }

    public SOARecord soa() {
        return soa;
    }

    /** The zone with the working copy's records and {@code serial} in its SOA. */
    public Zone build(long serial) {
        List<Record> others = new ArrayList<>();
        for (Map<Integer, List<Record>> at : names.values()) {
            at.values().forEach(others::addAll);
        }
        return Zone.build(withSerial(soa, serial), others);
    }

    /** {@code soa} with another serial. */
    public static SOARecord withSerial(SOARecord soa, long serial) {
        return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), serial,
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }
}
