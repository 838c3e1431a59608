package dev.tomldns.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;

/**
 * RFC 4592 wildcard synthesis: {@link Zone#locate} finds the source of synthesis, {@code *.<closest encloser>}; its
 * records are owned by the query name.
 */
public final class Wildcard {
    private static final Name ASTERISK = Name.fromConstantString("*");

    private Wildcard() {
    }

    /**
     * RFC 4592 §2.1.1: the wildcard name {@code *.<encloser>}, or {@code null} when it would exceed 255 octets
     * (RFC 1035 §2.3.4: no wildcard can sit below a 254-octet name). What the denial proofs name, from the closest
     * encloser {@link Zone#locate} found.
     */
    public static Name nameAt(Name encloser) {
        try {
            return Name.concatenate(ASTERISK, encloser);
        } catch (NameTooLongException e) {
            return null;
        }
    }

    /**
     * RFC 4592 §3.3.1: synthesized records take the query name as owner. RFC 4035 §3.1.3.3: their RRSIGs go as
     * signed, owned by the query name too; the Labels field (fewer than the owner's labels) tells the resolver the
     * answer was expanded from a wildcard.
     */
    static RRset reown(RRset set, Name owner) {
        RRset out = new RRset();
        for (Record r : set.rrs(false)) {
            out.addRR(r.withName(owner));
        }
        for (Record r : set.sigs()) {
            out.addRR(r.withName(owner));
        }
        return out;
    }
}
