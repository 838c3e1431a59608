package dev.tomldns.dnssec;

import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * An independent check of NSEC3 denial proofs as a validating resolver makes it (RFC 5155 §8): each NSEC3 hashed
 * with its own parameters (dnsjava's {@code NSEC3Record.hashName}), matches and covers decided from the owner label
 * and the next hashed owner field, and every NSEC3 RRset's RRSIG verified with the zone's DNSKEYs. Each check
 * returns a description of what is wrong, or {@code null} when the proof holds.
 */
final class Nsec3ProofChecker {
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    private final Name origin;
    private final List<DNSKEYRecord> keys;

    Nsec3ProofChecker(Name origin, List<DNSKEYRecord> keys) {
        this.origin = origin;
        this.keys = List.copyOf(keys);
    }

    /** The closest encloser proof found (RFC 5155 §8.3). */
    record Encloser(Name encloser, Name nextCloser, boolean optOut) { }

    /** RFC 4035 §5.3 by dnsjava: each RRset carries an RRSIG over it that one of the zone's keys verifies. */
    String signatures(List<RRset> proof) {
        for (RRset set : proof) {
            if (set.getType() != Type.NSEC3 || set.size() != 1) {
                return "not one NSEC3: " + set;
            }
            boolean verified = false;
            for (RRSIGRecord sig : set.sigs()) {
                for (DNSKEYRecord key : keys) {
                    if (key.getFootprint() != sig.getFootprint()) {
                        continue;
                    }
                    try {
                        DNSSEC.verify(set, sig, key, Instant.now());
                        verified = true;
                    } catch (DNSSEC.DNSSECException e) {
                        return "RRSIG of " + set.getName() + " does not verify: " + e.getMessage();
                    }
                }
            }
            if (!verified) {
                return "no RRSIG verifies " + set.getName();
            }
        }
        return null;
    }

    /** RFC 5155 §8.4: closest encloser proof without Opt-Out next closer, and the wildcard at the encloser covered. */
    String nameError(List<RRset> proof, Name qname) {
        Encloser ce = closestEncloser(proof, qname);
        if (ce == null) {
            return "no closest encloser proof for " + qname;
        }
        Name wildcard = wildcard(ce.encloser());
        if (covering(proof, wildcard) == null) {
            return "no NSEC3 covers the wildcard " + wildcard;
        }
        return null;
    }

    /**
     * RFC 5155 §8.5 and §8.6: an NSEC3 matching the name whose bitmap has neither the type nor CNAME; for DS, or for
     * an empty non-terminal left out by Opt-Out, a closest provable encloser proof whose next closer cover has the
     * Opt-Out flag (the answer is then insecure, which §8.6 accepts for DS).
     */
    String noData(List<RRset> proof, Name qname, int qtype) {
        NSEC3Record m = matching(proof, qname);
        if (m != null) {
            if (m.hasType(qtype) || m.hasType(Type.CNAME)) {
                return "the NSEC3 matching " + qname + " has " + Type.string(qtype) + " or CNAME";
            }
            return null;
        }
        Encloser ce = closestEncloser(proof, qname);
        if (ce == null || !ce.optOut()) {
            return "no NSEC3 matches " + qname + " and no opt-out closest provable encloser proof";
        }
        return null;
    }

    /** RFC 5155 §8.7: closest encloser proof and an NSEC3 matching {@code *.<encloser>} without the type. */
    String wildcardNoData(List<RRset> proof, Name qname, int qtype) {
        Encloser ce = closestEncloser(proof, qname);
        if (ce == null) {
            return "no closest encloser proof for " + qname;
        }
        NSEC3Record m = matching(proof, wildcard(ce.encloser()));
        if (m == null) {
            return "no NSEC3 matches the wildcard at " + ce.encloser();
        }
        if (m.hasType(qtype) || m.hasType(Type.CNAME)) {
            return "the wildcard's NSEC3 has " + Type.string(qtype) + " or CNAME";
        }
        return null;
    }

    /** RFC 5155 §8.8: the next closer name (from the closest encloser the RRSIG's labels tell) covered. */
    String wildcardAnswer(List<RRset> proof, Name qname, Name closestEncloser) {
        Name nextCloser = new Name(qname, qname.labels() - closestEncloser.labels() - 1);
        return covering(proof, nextCloser) == null ? "no NSEC3 covers the next closer " + nextCloser : null;
    }

    /**
     * RFC 5155 §8.9: a referral to an unsigned subzone: an NSEC3 matching the delegation with NS and without DS and
     * SOA, or a closest provable encloser proof whose next closer cover has the Opt-Out flag.
     */
    String insecureReferral(List<RRset> proof, Name delegation) {
        NSEC3Record m = matching(proof, delegation);
        if (m != null) {
            return m.hasType(Type.NS) && !m.hasType(Type.DS) && !m.hasType(Type.SOA) ? null
                    : "the NSEC3 matching " + delegation + " does not show an unsigned delegation";
        }
        Encloser ce = closestEncloser(proof, delegation);
        return ce != null && ce.optOut() ? null : "no opt-out closest provable encloser proof for " + delegation;
    }

    /**
     * RFC 5155 §8.3: the longest ancestor of {@code name} that some NSEC3 matches and whose next closer name some
     * NSEC3 covers; {@code null} when there is none.
     */
    Encloser closestEncloser(List<RRset> proof, Name name) {
        for (Name at = new Name(name, 1); at.subdomain(origin); at = new Name(at, 1)) {
            if (matching(proof, at) != null) {
                Name nextCloser = new Name(name, name.labels() - at.labels() - 1);
                NSEC3Record cover = covering(proof, nextCloser);
                if (cover != null) {
                    return new Encloser(at, nextCloser, (cover.getFlags() & 1) != 0);
                }
                return null; // RFC 5155 §8.3: the encloser is proven but nothing below it is denied
            }
            if (at.equals(origin)) {
                break;
            }
        }
        return null;
    }

    NSEC3Record matching(List<RRset> proof, Name name) {
        for (NSEC3Record n : nsec3s(proof)) {
            if (Arrays.equals(ownerHash(n), hash(n, name))) {
                return n;
            }
        }
        return null;
    }

    NSEC3Record covering(List<RRset> proof, Name name) {
        for (NSEC3Record n : nsec3s(proof)) {
            byte[] h = hash(n, name);
            byte[] owner = ownerHash(n);
            byte[] next = n.getNext();
            boolean after = Arrays.compareUnsigned(h, owner) > 0;
            boolean before = Arrays.compareUnsigned(h, next) < 0;
            boolean wraps = Arrays.compareUnsigned(next, owner) <= 0;
            if (wraps ? after || before : after && before) {
                return n;
            }
        }
        return null;
    }

    private static List<NSEC3Record> nsec3s(List<RRset> proof) {
        List<NSEC3Record> out = new ArrayList<>();
        for (RRset set : proof) {
            set.rrs(false).forEach(r -> out.add((NSEC3Record) r));
        }
        return out;
    }

    private static byte[] ownerHash(NSEC3Record n) {
        return BASE32HEX.fromString(n.getName().getLabelString(0).toUpperCase(Locale.ROOT));
    }

    private static byte[] hash(NSEC3Record n, Name name) {
        try {
            return n.hashName(name);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Name wildcard(Name encloser) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), encloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new AssertionError(e);
        }
    }
}
