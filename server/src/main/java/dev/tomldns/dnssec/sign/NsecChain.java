package dev.tomldns.dnssec.sign;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The NSEC chain of a zone (RFC 4034 §4, RFC 4035 §2.3): one NSEC per authoritative name and per delegation point,
 * in canonical order (RFC 4034 §6.1), each naming the next and the types at its owner, the last pointing back to
 * the apex. Glue (names below a cut) and empty non-terminals get none.
 */
final class NsecChain {
    private NsecChain() {
    }

    /**
     * @param names the zone's names with their types, in canonical order, glue left out
     * @param cuts the delegation points among them
     * @param ttl RFC 9077: min(SOA TTL, SOA MINIMUM)
     */
    static List<NSECRecord> of(Name origin, NavigableMap<Name, Set<Integer>> names, Set<Name> cuts, long ttl) {
        List<NSECRecord> out = new ArrayList<>(names.size());
        List<Name> order = new ArrayList<>(names.keySet());
        for (int i = 0; i < order.size(); i++) {
            Name owner = order.get(i);
            Name next = i + 1 < order.size() ? order.get(i + 1) : origin;
            out.add(new NSECRecord(owner, DClass.IN, ttl, next, bitmap(names.get(owner), cuts.contains(owner))));
        }
        return out;
    }

    private static int[] bitmap(Set<Integer> types, boolean cut) {
        Set<Integer> bits = new TreeSet<>();
        if (cut) {
            // RFC 4035 §2.3: at a delegation point, NS and the RRsets the parent is authoritative for (DS) only;
            // not the glue or other data the child owns.
            bits.add(Type.NS);
            if (types.contains(Type.DS)) {
                bits.add(Type.DS);
            }
        } else {
            bits.addAll(types);
        }
        // RFC 4034 §4.1.2: the NSEC and its RRSIG are at the owner too.
        bits.add(Type.NSEC);
        bits.add(Type.RRSIG);
        return bits.stream().mapToInt(Integer::intValue).toArray();
    }
}
