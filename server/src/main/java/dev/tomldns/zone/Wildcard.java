package dev.tomldns.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;

/** RFC 4592 wildcard synthesis: the source of synthesis is {@code *.<closest encloser>}. */
final class Wildcard {
    private Wildcard() {
    }

    /**
     * Called when {@code qname} does not exist and {@code closestEncloser} is its deepest existing ancestor.
     * RFC 4592 §3.3.1: a wildcard only matches when the closest encloser has a {@code *} child; an existing name or
     * empty non-terminal between them (which would itself be the closest encloser) stops synthesis.
     */
    static LookupResult synthesize(Zone zone, Name qname, int qtype, Name closestEncloser) {
        Name wildcard = Zone.wildcardAt(closestEncloser);
        Node source = wildcard == null ? null : zone.node(wildcard);
        if (source == null) {
            return new LookupResult.NxDomain(zone);
        }
        return zone.answerAt(source, qname, qtype, true);
    }

    /** RFC 4592 §3.3.1: synthesized records take the query name as owner. */
    static RRset reown(RRset set, Name owner) {
        RRset out = new RRset();
        for (Record r : set.rrs(false)) {
            out.addRR(r.withName(owner));
        }
        return out;
    }
}
