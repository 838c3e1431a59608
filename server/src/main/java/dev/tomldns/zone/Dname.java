package dev.tomldns.zone;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;

/** RFC 6672 §2.2 and §3.1: the redirection of a name below a DNAME owner, and the CNAME synthesized for it. */
final class Dname {
    private Dname() {
    }

    /**
     * {@code qname} lies below the owner of {@code dname}: its owner suffix is replaced by the DNAME's target
     * (the query's labels keep their letter case, the target keeps the zone's). RFC 6672 §2.2: a substituted name
     * longer than 255 octets is YXDOMAIN.
     */
    static LookupResult substitute(Zone zone, RRset dname, Name qname) {
        DNAMERecord record = (DNAMERecord) dname.first();
        Name target;
        try {
            target = qname.fromDNAME(record);
        } catch (NameTooLongException e) {
            return new LookupResult.DnameOverflow(zone, dname);
        }
        // RFC 6672 §3.1: the synthesized CNAME is owned by the name asked and has the DNAME's TTL.
        RRset cname = new RRset(new CNAMERecord(qname, DClass.IN, record.getTTL(), target));
        return new LookupResult.Dname(zone, dname, cname, target);
    }
}
