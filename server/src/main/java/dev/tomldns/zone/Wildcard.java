package dev.tomldns.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;

/**
 * RFC 4592 wildcard synthesis: {@link Zone#locate} finds the source of synthesis, {@code *.<closest encloser>}; its
 * records are owned by the query name.
 */
final class Wildcard {
    private Wildcard() {
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
