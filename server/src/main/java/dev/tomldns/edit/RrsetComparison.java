package dev.tomldns.edit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What is served, as a value: the RRsets of a set of records (owner, type, TTL, RDATA octets exactly as written,
 * letter case included). RFC 2181 §5: an RRset is the unit a server answers with, its records are a set, and its
 * TTL is one (§5.2; the lowest wins, as zone-format.md says), so order and duplicates do not count.
 */
public final class RrsetComparison {
    private RrsetComparison() {
    }

    /** One RRset: TTL and its RDATA (base64 of the uncompressed wire form) in sorted order. */
    private record Rrset(long ttl, TreeSet<String> rdata) {
    }

    /** The RRsets of {@code records}, keyed by "owner TYPE" (owner in lower case, names compare that way). */
    static Map<String, Rrset> rrsets(Collection<Record> records) {
        Map<String, Rrset> out = new TreeMap<>();
        for (Record r : records) {
            String key = r.getName().toString().toLowerCase(Locale.ROOT) + " " + Type.string(r.getType());
            Rrset set = out.computeIfAbsent(key, k -> new Rrset(Long.MAX_VALUE, new TreeSet<>()));
            set.rdata().add(rdataKey(r));
            out.put(key, new Rrset(Math.min(set.ttl(), r.getTTL()), set.rdata()));
        }
        return out;
    }

    /** The RDATA octets exactly (names in it keep their letter case), with the owner's spelling. */
    private static String rdataKey(Record r) {
        byte[] wire = r.toWire(org.xbill.DNS.Section.ANSWER); // owner, type, class, TTL, length, RDATA; no compression
        int owner = r.getName().length();
        byte[] rdata = java.util.Arrays.copyOfRange(wire, owner + 10, wire.length);
        return r.getName() + " " + Base64.getEncoder().encodeToString(rdata);
    }

    /** The differences between two sets of records, one line each ({@code -} only in a, {@code +} only in b). */
    public static List<String> differences(Collection<Record> a, Collection<Record> b) {
        Map<String, Rrset> left = rrsets(a);
        Map<String, Rrset> right = rrsets(b);
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        for (String k : keys) {
            Rrset l = left.get(k);
            Rrset r = right.get(k);
            if (Objects.equals(l, r)) {
                continue;
            }
            if (l == null) {
                out.add("+ " + k + " (only in the second)");
            } else if (r == null) {
                out.add("- " + k + " (only in the first)");
            } else if (l.ttl() != r.ttl()) {
                out.add("~ " + k + ": TTL " + l.ttl() + " vs " + r.ttl());
            } else {
                out.add("~ " + k + ": different data");
            }
        }
        return out;
    }

    /** Whether two sets of records make the same RRsets. */
    public static boolean same(Collection<Record> a, Collection<Record> b) {
        return rrsets(a).equals(rrsets(b));
    }
}
