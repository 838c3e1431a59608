package dev.tomldns.dnssec;

import dev.tomldns.zone.Wildcard;
import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The NSEC3 records an authoritative server puts in the authority section to deny existence, RFC 5155 §7.2, for
 * one version of a signed zone: each method returns the NSEC3 RRsets (each with its RRSIGs) for one kind of
 * answer, without duplicates, in the order the RFC lists them. Built once per zone version from the zone's NSEC3
 * chain ({@link Nsec3Chain}); a query only hashes names (dnsjava, the zone's NSEC3PARAM parameters) and searches.
 *
 * <p>The closest encloser a method takes is the one the zone's lookup found (RFC 1034 §4.3.2); where that name has
 * no NSEC3 (Opt-Out, RFC 5155 §7.1) the proof walks up to the closest provable encloser, as Knot does. Nothing is
 * validated here: the resolver validates (RFC 5155 §8).
 */
public final class Nsec3Proofs implements DenialProofs {
    /** RFC 5155 §11: hash algorithm 1, SHA-1, the only one defined. */
    private static final int SHA1 = NSEC3Record.SHA1_DIGEST_ID;

    private final Nsec3Chain chain;

    private Nsec3Proofs(Nsec3Chain chain) {
        this.chain = chain;
    }

    /**
     * The proofs of {@code zone}, or {@code null} when it has no NSEC3 to prove with: no NSEC3PARAM at the apex,
     * none usable (RFC 5155 §4.1.2: flags other than zero are ignored; only SHA-1 is defined), or no NSEC3 of its
     * parameters. RFC 5155 §7.3: of several NSEC3PARAMs the server may choose any chain; this takes the first usable
     * one in zone order.
     */
    public static Nsec3Proofs of(Zone zone) {
        if (!zone.signed()) {
            return null;
        }
        RRset params = zone.rrset(zone.origin(), Type.NSEC3PARAM);
        if (params == null) {
            return null;
        }
        NSEC3PARAMRecord chosen = null;
        for (Record r : params.rrs(false)) {
            NSEC3PARAMRecord p = (NSEC3PARAMRecord) r;
            if (p.getFlags() == 0 && p.getHashAlgorithm() == SHA1) {
                chosen = p;
                break;
            }
        }
        if (chosen == null) {
            return null;
        }
        Nsec3Chain chain = Nsec3Chain.of(zone, chosen);
        return chain.size() == 0 ? null : new Nsec3Proofs(chain);
    }

    /** The chain the proofs come from. */
    public Nsec3Chain chain() {
        return chain;
    }

    /**
     * RFC 5155 §7.2.2, Name Error: the closest encloser proof for {@code qname} (§7.2.1: the NSEC3 matching the
     * closest provable encloser and the NSEC3 covering the next closer name) and the NSEC3 covering the wildcard at
     * that encloser, which shows no wildcard could have answered.
     */
    @Override
    public List<RRset> nxdomain(Name qname, Name closestEncloser) {
        requireBelow(qname, closestEncloser);
        Proof proof = new Proof();
        ClosestEncloser ce = ClosestEncloser.prove(chain, qname, closestEncloser);
        if (ce == null) {
            return proof.rrsets;
        }
        proof.add(ce.matching());
        proof.add(ce.covering());
        proof.add(chain.covering(wildcardAt(ce.encloser())));
        return proof.rrsets;
    }

    /**
     * RFC 5155 §7.2.3, No Data (QTYPE other than DS): the NSEC3 matching {@code qname}, whose type bitmap lacks the
     * type. §7.2.4 (QTYPE DS): the same when there is one; when the name has none (an insecure delegation left out
     * of the chain by Opt-Out) the closest provable encloser proof for it, whose next closer cover has the Opt-Out
     * flag. RFC 5155 §7.1 lets an empty non-terminal above insecure delegations only go without an NSEC3 too; it
     * gets the same closest provable encloser proof, the only proof there is.
     */
    @Override
    public List<RRset> nodata(Name qname) {
        requireInZone(qname);
        Proof proof = new Proof();
        RRset matching = chain.matching(qname);
        if (matching != null) {
            proof.add(matching);
            return proof.rrsets;
        }
        if (qname.equals(chain.origin())) {
            return proof.rrsets; // the apex always has an NSEC3 (§7.1); none means a broken chain: nothing to prove
        }
        ClosestEncloser ce = ClosestEncloser.prove(chain, qname, qname);
        if (ce != null) {
            proof.add(ce.matching());
            proof.add(ce.covering());
        }
        return proof.rrsets;
    }

    /**
     * RFC 5155 §7.2.5, Wildcard No Data: the closest encloser proof for {@code qname} and the NSEC3 matching the
     * wildcard {@code *.<closestEncloser>} that was the source of synthesis, whose bitmap lacks the type.
     */
    @Override
    public List<RRset> wildcardNodata(Name qname, Name closestEncloser) {
        requireBelow(qname, closestEncloser);
        Proof proof = new Proof();
        ClosestEncloser ce = ClosestEncloser.prove(chain, qname, closestEncloser);
        if (ce != null) {
            proof.add(ce.matching());
            proof.add(ce.covering());
        }
        proof.add(chain.matching(wildcardAt(closestEncloser)));
        return proof.rrsets;
    }

    /**
     * RFC 5155 §7.2.6, Wildcard Answer: the NSEC3 covering the next closer name, which shows the query name itself
     * does not exist (the RRSIG's labels field tells the resolver the closest encloser).
     */
    @Override
    public List<RRset> wildcardAnswer(Name qname, Name closestEncloser) {
        requireBelow(qname, closestEncloser);
        Proof proof = new Proof();
        ClosestEncloser ce = ClosestEncloser.prove(chain, qname, closestEncloser);
        if (ce != null) {
            proof.add(ce.covering());
        }
        return proof.rrsets;
    }

    /**
     * RFC 5155 §7.2.7, Referral to an Unsigned Subzone: the NSEC3 matching the delegation, whose bitmap has NS but
     * not DS; for a delegation left out of the chain by Opt-Out, the closest provable encloser proof for it (its
     * next closer cover has the Opt-Out flag).
     */
    @Override
    public List<RRset> noDs(Name delegation) {
        requireInZone(delegation);
        if (delegation.equals(chain.origin())) {
            throw new IllegalArgumentException("the apex " + delegation + " is no delegation");
        }
        return nodata(delegation);
    }

    /** RFC 5155 §7.2.8: an NSEC3 owner that owns nothing else answers as a name that does not exist. */
    @Override
    public boolean hashedOwner(Name qname) {
        return chain.bareOwner(qname);
    }

    private void requireInZone(Name name) {
        if (!name.subdomain(chain.origin())) {
            throw new IllegalArgumentException(name + " is not in zone " + chain.origin());
        }
    }

    private void requireBelow(Name qname, Name closestEncloser) {
        requireInZone(closestEncloser);
        if (!qname.subdomain(closestEncloser) || qname.equals(closestEncloser)) {
            throw new IllegalArgumentException(closestEncloser + " is no closest encloser of " + qname);
        }
    }

    /** RFC 4592 §2.1.1: the wildcard {@code *.<encloser>}; one label more than an encloser of a longer name fits. */
    private static Name wildcardAt(Name encloser) {
        Name wildcard = Wildcard.nameAt(encloser);
        if (wildcard == null) {
            throw new IllegalArgumentException("no wildcard fits below " + encloser);
        }
        return wildcard;
    }

    /** The RRsets of one proof in order, each once (one NSEC3 may match one name and cover another). */
    private static final class Proof {
        final List<RRset> rrsets = new ArrayList<>(3);

        void add(RRset set) {
            if (set == null) {
                return;
            }
            for (RRset have : rrsets) {
                if (have == set) {
                    return;
                }
            }
            rrsets.add(set);
        }
    }
}
