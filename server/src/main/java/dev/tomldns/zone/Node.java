package dev.tomldns.zone;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * One owner name of a zone and its RRsets. An empty node is an empty non-terminal (RFC 4592 §2.2.2): it exists,
 * so it answers NODATA and blocks wildcard synthesis below the closest encloser.
 */
final class Node {
    /** In zone order (the SOA first at the apex): RFC 8482 answers ANY with the first. */
    private final Map<Integer, RRset> rrsets;
    /** RFC 1034 §4.2.1: NS at a name other than the apex marks a zone cut (delegation). */
    final boolean cut;
    /** Below a zone cut: glue, served only as additional data of a referral, never authoritatively. */
    final boolean occluded;

    Node(Map<Integer, RRset> rrsets, boolean cut, boolean occluded) {
        this.rrsets = rrsets.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rrsets));
        this.cut = cut;
        this.occluded = occluded;
    }

    RRset get(int type) {
        return rrsets.get(type);
    }

    Collection<RRset> all() {
        return rrsets.values();
    }

    /** The first RRset in zone order, or {@code null} for an empty non-terminal. */
    RRset first() {
        return rrsets.isEmpty() ? null : rrsets.values().iterator().next();
    }

    boolean isEmpty() {
        return rrsets.isEmpty();
    }

    boolean hasCname() {
        return rrsets.containsKey(Type.CNAME);
    }
}
