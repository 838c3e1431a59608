package dev.tomldns.update;

import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The prerequisite section of an UPDATE (RFC 2136 §2.4), checked against the zone as served (§3.2). */
public final class Prerequisites {
    private Prerequisites() {
    }

    /**
     * {@link Rcode#NOERROR} when every prerequisite holds, else the rcode §3.2.5 names for the first that does not
     * (FORMERR, NOTZONE, YXDOMAIN, YXRRSET, NXDOMAIN, NXRRSET).
     */
    public static int check(List<Record> prerequisites, Zone zone) {
        Map<RRsetKey, List<Record>> valueDependent = new LinkedHashMap<>();
        for (Record rr : prerequisites) {
            // RFC 2136 §3.2.1: TTL must be zero.
            if (rr.getTTL() != 0) {
                return Rcode.FORMERR;
            }
            if (!rr.getName().subdomain(zone.origin())) {
                return Rcode.NOTZONE;
            }
            int type = rr.getType();
            boolean empty = rr.rdataToWireCanonical().length == 0;
            if (rr.getDClass() == DClass.ANY) {
                if (!empty) {
                    return Rcode.FORMERR;
                }
                if (type == Type.ANY) {
                    // §2.4.4 Name Is In Use (an empty non-terminal does not count).
                    if (!inUse(zone, rr)) {
                        return Rcode.NXDOMAIN;
                    }
                } else if (zone.rrset(rr.getName(), type) == null) {
                    // §2.4.1 RRset Exists (Value Independent).
                    return Rcode.NXRRSET;
                }
            } else if (rr.getDClass() == DClass.NONE) {
                if (!empty) {
                    return Rcode.FORMERR;
                }
                if (type == Type.ANY) {
                    // §2.4.5 Name Is Not In Use.
                    if (inUse(zone, rr)) {
                        return Rcode.YXDOMAIN;
                    }
                } else if (zone.rrset(rr.getName(), type) != null) {
                    // §2.4.3 RRset Does Not Exist.
                    return Rcode.YXRRSET;
                }
            } else if (rr.getDClass() == DClass.IN) {
                // §2.4.2 RRset Exists (Value Dependent): collected, then compared whole (§3.2.3).
                if (UpdateSection.isMeta(type)) {
                    return Rcode.FORMERR;
                }
                valueDependent.computeIfAbsent(new RRsetKey(rr.getName(), type), k -> new ArrayList<>()).add(rr);
            } else {
                return Rcode.FORMERR;
            }
        }
        for (Map.Entry<RRsetKey, List<Record>> e : valueDependent.entrySet()) {
            RRset served = zone.rrset(e.getKey().name(), e.getKey().type());
            List<Record> have = served == null ? List.of() : new ArrayList<>(served.rrs(false));
            if (!sameRecords(have, e.getValue())) {
                return Rcode.NXRRSET;
            }
        }
        return Rcode.NOERROR;
    }

    private static boolean inUse(Zone zone, Record rr) {
        return zone.types(rr.getName()).length > 0;
    }

    /** RFC 2136 §3.2.3: the same records, TTLs not compared (the prerequisite's are zero). */
    private static boolean sameRecords(List<Record> served, List<Record> wanted) {
        java.util.Set<Record> a = new java.util.HashSet<>(served);
        java.util.Set<Record> b = new java.util.HashSet<>(wanted);
        return a.equals(b);
    }
}
