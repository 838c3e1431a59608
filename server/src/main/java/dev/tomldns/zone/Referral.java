package dev.tomldns.zone;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** RFC 1034 §4.3.2 step 3b: the answer for a name at or below a zone cut that is not ours to answer. */
final class Referral {
    private Referral() {
    }

    /**
     * With {@code dnssec}, the cut's DS RRset and its RRSIGs too (RFC 4035 §3.1.4), or none when it has no DS; the
     * NS RRset at a cut is the child's and is not signed by the parent (RFC 4035 §2.2), so it goes without RRSIGs.
     */
    static LookupResult at(Zone zone, Node cut, org.xbill.DNS.Name name, boolean dnssec) {
        RRset ns = cut.get(Type.NS);
        List<RRset> glue = new ArrayList<>();
        for (Record r : ns.rrs(false)) {
            // RFC 9471 §2: glue for in-domain name servers is required; we add what the zone holds.
            glue.addAll(zone.addresses(((NSRecord) r).getTarget(), true));
        }
        RRset ds = dnssec ? cut.getSigned(Type.DS) : null;
        return new LookupResult.Referral(zone, ns, glue, name, ds);
    }
}
