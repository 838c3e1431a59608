package dev.tomldns.dnssec;

import dev.tomldns.zone.Zone;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * The authenticated denial of existence of one version of a signed zone: the NSEC (RFC 4035 §3.1.3) or NSEC3 (RFC
 * 5155 §7.2) RRsets, each with its RRSIGs ({@link RRset#sigs()}), that go into the authority section of a DO=1
 * answer. The answer engine asks these questions and does not care which kind of chain the zone has.
 *
 * <p>Every method returns the RRsets to add, in the order to add them, without duplicates; an empty list when the
 * zone holds nothing that proves it (a chain with a gap: the resolver then finds the answer bogus, as it would
 * from the signer's own servers).
 */
public interface DenialProofs {
    /** For an unsigned zone, or a signed one without NSEC or NSEC3 records: no proof at all. */
    DenialProofs NONE = new DenialProofs() {
        @Override
        public List<RRset> nxdomain(Name qname, Name closestEncloser) {
            return List.of();
        }

        @Override
        public List<RRset> nodata(Name qname) {
            return List.of();
        }

        @Override
        public List<RRset> wildcardAnswer(Name qname, Name closestEncloser) {
            return List.of();
        }

        @Override
        public List<RRset> wildcardNodata(Name qname, Name closestEncloser) {
            return List.of();
        }

        @Override
        public List<RRset> noDs(Name delegation) {
            return List.of();
        }
    };

    /**
     * RFC 4035 §3.1.3.2, RFC 5155 §7.2.2: {@code qname} does not exist and no wildcard at {@code closestEncloser}
     * could answer for it.
     */
    List<RRset> nxdomain(Name qname, Name closestEncloser);

    /**
     * RFC 4035 §3.1.3.1, RFC 5155 §7.2.3/§7.2.4: {@code qname} exists (or is an empty non-terminal) but has no data
     * of the type asked (the types it has are in the proof's type bitmap). Also the DS query at a cut without DS.
     */
    List<RRset> nodata(Name qname);

    /**
     * RFC 4035 §3.1.3.3, RFC 5155 §7.2.6: the answer was synthesized from {@code *.<closestEncloser>}; prove that
     * {@code qname} itself does not exist.
     */
    List<RRset> wildcardAnswer(Name qname, Name closestEncloser);

    /**
     * RFC 4035 §3.1.3.4, RFC 5155 §7.2.5: {@code qname} does not exist, and the wildcard at {@code closestEncloser}
     * that matches it has no data of the type asked.
     */
    List<RRset> wildcardNodata(Name qname, Name closestEncloser);

    /**
     * RFC 4035 §3.1.4.1, RFC 5155 §7.2.7: a referral to {@code delegation}, which has no DS: prove there is none
     * (an insecure delegation), or that it is covered by an opt-out span.
     */
    List<RRset> noDs(Name delegation);

    /**
     * RFC 5155 §7.2.8: {@code qname} is the owner of an NSEC3 of the zone's chain and owns nothing else, so the
     * answer treats it as a name that does not exist (NXDOMAIN, the apex its closest encloser), as Knot and NSD do.
     */
    default boolean hashedOwner(Name qname) {
        return false;
    }

    /**
     * The proofs of {@code zone}'s version: made on the first call, kept with the zone ({@link Zone#proofs()}) and
     * shared by every later query of that version. The answer cache's builder calls this for every new zone off the
     * query path, so queries find the proofs made.
     */
    static DenialProofs of(Zone zone) {
        Object kept = zone.proofs();
        if (kept instanceof DenialProofs proofs) {
            return proofs;
        }
        // RFC 5155 §7.2 and §7.3: a zone whose apex has an NSEC3PARAM proves with that NSEC3 chain (as Knot and NSD
        // decide), any other signed zone with NSEC.
        DenialProofs made = Nsec3Proofs.of(zone);
        if (made == null) {
            made = NsecProofs.of(zone);
        }
        if (made == null) {
            made = NONE;
        }
        zone.keepProofs(made);
        return made;
    }
}
