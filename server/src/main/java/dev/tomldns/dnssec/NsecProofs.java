package dev.tomldns.dnssec;

import dev.tomldns.zone.Wildcard;
import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * The NSEC chain of one version of a zone (RFC 4034 §4) and the proofs of RFC 4035 §3.1.3 drawn from it: the names
 * owning NSEC records, in canonical order (RFC 4034 §6.1), found once when the version is built; a proof is one or
 * two binary searches over them, and each NSEC RRset is made from the zone's store with its RRSIGs when a proof
 * needs it, as the answer's own RRsets are.
 */
public final class NsecProofs implements DenialProofs {

    private final Zone zone;
    /** Name ids owning NSEC, in canonical order. */
    private final int[] chain;

    private NsecProofs(Zone zone, int[] chain) {
        this.zone = zone;
        this.chain = chain;
    }

    /** The zone's NSEC chain, or {@code null} when no name of it owns an NSEC record. */
    public static NsecProofs of(Zone zone) {
        if (!zone.signed()) {
            return null;
        }
        int n = zone.nameCount();
        List<Owner> owners = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            if (zone.has(id, Type.NSEC)) {
                owners.add(new Owner(zone.ownerName(id), id));
            }
        }
        if (owners.isEmpty()) {
            return null;
        }
        // RFC 4034 §6.1: dnsjava's Name order is the canonical order.
        owners.sort((a, b) -> a.name.compareTo(b.name));
        int[] chain = new int[owners.size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = owners.get(i).id;
        }
        return new NsecProofs(zone, chain);
    }

    private record Owner(Name name, int id) { }

    /** RFC 4035 §3.1.3.2: the NSEC covering the name, then the one covering the wildcard that would have matched. */
    @Override
    public List<RRset> nxdomain(Name qname, Name closestEncloser) {
        return proof(covering(qname), covering(wildcard(closestEncloser)));
    }

    /**
     * RFC 4035 §3.1.3.1: the NSEC at the name, its type bitmap without the type asked. An empty non-terminal owns
     * no NSEC: the NSEC before it, whose next name lies below it, proves it exists without data (RFC 4035
     * §3.1.3.2's cover, as NSD and Knot answer).
     */
    @Override
    public List<RRset> nodata(Name qname) {
        int at = exact(qname);
        return proof(at >= 0 ? at : covering(qname), -1);
    }

    /** RFC 4035 §3.1.3.3: the NSEC covering the query name, which the wildcard answered for. */
    @Override
    public List<RRset> wildcardAnswer(Name qname, Name closestEncloser) {
        return proof(covering(qname), -1);
    }

    /**
     * RFC 4035 §3.1.3.4: the NSEC covering the query name and the wildcard's own NSEC, whose type bitmap lacks the
     * type asked.
     */
    @Override
    public List<RRset> wildcardNodata(Name qname, Name closestEncloser) {
        return proof(covering(qname), exact(wildcard(closestEncloser)));
    }

    /** RFC 4035 §3.1.4.1: the NSEC at the cut, its bitmap with NS and without DS. */
    @Override
    public List<RRset> noDs(Name delegation) {
        return proof(exact(delegation), -1);
    }

    private static Name wildcard(Name encloser) {
        Name wildcard = Wildcard.nameAt(encloser);
        return wildcard == null ? encloser : wildcard; // none fits below a 254-octet name; its cover is as good
    }

    /** The NSEC RRsets at chain positions {@code a} and {@code b} (-1: none), each once. */
    private List<RRset> proof(int a, int b) {
        if (a < 0 && b < 0) {
            return List.of();
        }
        if (b < 0 || a == b) {
            return List.of(nsec(a));
        }
        if (a < 0) {
            return List.of(nsec(b));
        }
        return List.of(nsec(a), nsec(b));
    }

    private RRset nsec(int position) {
        return zone.signedRRset(chain[position], Type.NSEC);
    }

    /** The chain position of the NSEC owned by exactly {@code name}, or -1. */
    private int exact(Name name) {
        int at = covering(name);
        return at >= 0 && zone.ownerName(chain[at]).equals(name) ? at : -1;
    }

    /**
     * The chain position of the last NSEC owner at or before {@code name} in canonical order: the NSEC that covers
     * it (or is at it). Before the first owner (the apex, so never for a name of the zone) the last one, which
     * wraps around to the apex (RFC 4034 §4.1.1).
     */
    private int covering(Name name) {
        int lo = 0;
        int hi = chain.length - 1;
        int found = chain.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (zone.ownerName(chain[mid]).compareTo(name) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Number of NSEC owners (for tests and the memory report). */
    int size() {
        return chain.length;
    }

    @Override
    public String toString() {
        return "NSEC chain of " + zone.origin() + " (" + chain.length + " names)";
    }
}
