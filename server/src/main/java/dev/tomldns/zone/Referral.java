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

    static LookupResult at(Zone zone, Node cut) {
        RRset ns = cut.get(Type.NS);
        List<RRset> glue = new ArrayList<>();
        for (Record r : ns.rrs(false)) {
            // RFC 9471 §2: glue for in-domain name servers is required; we add what the zone holds.
            glue.addAll(zone.addresses(((NSRecord) r).getTarget(), true));
        }
        return new LookupResult.Referral(zone, ns, glue);
    }
}
