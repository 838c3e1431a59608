package dev.tomldns.query;

import dev.tomldns.dnssec.DenialProofs;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.LookupResult;
import dev.tomldns.zone.QueryName;
import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fills a response from our zones: RFC 1034 §4.3.2 steps 2 and 3, with CNAME chains and DNAME redirections (RFC 6672
 * §3.2) followed through every zone we serve (RFC 1034 §3.6.2, RFC 6604 for the final rcode), and the additional-section addresses of RFC 1035 §3.3.
 *
 * <p>For a DO=1 query (RFC 3225) of a signed zone, RFC 4035 §3.1: every RRset in answer and authority goes with the
 * RRSIGs that cover it, referrals carry the DS RRset or the proof that there is none (§3.1.4), and negative and
 * wildcard answers the zone's denial proofs ({@link DenialProofs}, §3.1.3). Without DO none of it is added.
 */
final class AuthoritativeAnswer {
    /** Chains longer than this are cut off; the client resolves the rest (BIND and NSD stop at similar depths). */
    static final int MAX_CNAME_CHAIN = 12;

    private AuthoritativeAnswer() {
    }

    /**
     * Returns the zone that holds the name (where the answer starts, for metrics), or null when no zone of ours
     * contains it (the caller answers REFUSED).
     */
    static Zone fill(Catalog catalog, Name qname, int qtype, Message response) {
        return fill(catalog, qname, qtype, false, response);
    }

    /** As {@link #fill(Catalog, Name, int, Message)}; {@code dnssec}: the query had DO=1 (RFC 3225 §3). */
    static Zone fill(Catalog catalog, Name qname, int qtype, boolean dnssec, Message response) {
        // The name is read once per step: the zone is found and then probed with the same QueryName.
        QueryName q = QueryName.of(qname);
        Zone zone = catalog.findFor(q, qname, qtype);
        if (zone == null) {
            return null;
        }
        Zone first = zone;
        response.getHeader().setFlag(Flags.AA);
        // Made only by the answers that need them (an MX, NS or SRV answer; a chain), not by every query.
        List<RRset> additional = null;
        Set<Name> seen = null;
        Name name = qname;
        for (int step = 0; ; step++) {
            // Signed data only from a signed zone: an unsigned one answers DO=1 queries as any other.
            boolean signed = dnssec && zone.signed();
            LookupResult result = zone.lookup(q, name, qtype, signed);
            if (signed && !(result instanceof LookupResult.NxDomain) && DenialProofs.of(zone).hashedOwner(name)) {
                // RFC 5155 §7.2.8: an NSEC3's owner answers as a name that does not exist.
                result = new LookupResult.NxDomain(zone, 0);
            }
            if (result instanceof LookupResult.Answer a) {
                for (RRset set : a.rrsets()) {
                    add(response, set, Section.ANSWER);
                    additional = collectAdditional(a.zone(), set, additional, signed);
                }
                if (signed && a.wildcard()) {
                    // RFC 4035 §3.1.3.3: a wildcard answer proves the query name itself does not exist.
                    addAuthority(response, DenialProofs.of(zone).wildcardAnswer(name, a.closestEncloser()));
                }
                addAdditional(response, additional);
                return first;
            }
            Name target;
            if (result instanceof LookupResult.Cname c) {
                add(response, c.cname(), Section.ANSWER);
                if (signed && c.wildcard()) {
                    addAuthority(response, DenialProofs.of(zone).wildcardAnswer(name, c.closestEncloser()));
                }
                target = c.target();
            } else if (result instanceof LookupResult.Dname d) {
                // RFC 6672 §3.1 step 3.A.2: the DNAME, then the CNAME synthesized from it (unsigned: RFC 6672 §5.3,
                // the resolver synthesizes it again from the signed DNAME).
                add(response, d.dname(), Section.ANSWER);
                add(response, d.cname(), Section.ANSWER);
                if (qtype == Type.CNAME) {
                    return first; // RFC 1034 §4.3.2 step 3a: the CNAME asked for is the answer
                }
                target = d.target();
            } else if (result instanceof LookupResult.DnameOverflow o) {
                // RFC 6672 §2.2: the substituted name would be too long.
                add(response, o.dname(), Section.ANSWER);
                response.getHeader().setRcode(Rcode.YXDOMAIN);
                return first;
            } else {
                target = null;
            }
            if (target != null) {
                if (seen == null) {
                    seen = new HashSet<>();
                }
                seen.add(name);
                q = QueryName.of(target);
                Zone next = catalog.findFor(q, target, qtype);
                // RFC 1034 §4.3.2 step 3a: restart with the target, while it is ours and the chain is sane.
                if (next == null || seen.contains(target) || step + 1 >= MAX_CNAME_CHAIN) {
                    return first;
                }
                zone = next;
                name = target;
                continue;
            }
            if (result instanceof LookupResult.Referral r) {
                if (step == 0) {
                    // RFC 1034 §4.3.2 step 3b: a referral is not authoritative.
                    response.getHeader().unsetFlag(Flags.AA);
                }
                add(response, r.ns(), Section.AUTHORITY);
                if (signed && r.ds() != null) {
                    // RFC 4035 §3.1.4: a secure delegation: the DS RRset and its RRSIGs.
                    add(response, r.ds(), Section.AUTHORITY);
                } else if (signed) {
                    // RFC 4035 §3.1.4.1: an insecure delegation: the proof that the cut has no DS.
                    addAuthority(response, DenialProofs.of(zone).noDs(r.cut()));
                }
                for (RRset glue : r.glue()) {
                    add(response, glue, Section.ADDITIONAL);
                }
                return first;
            }
            if (result instanceof LookupResult.NxDomain) {
                // RFC 6604 §2.1: after a CNAME chain the rcode describes the last name.
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            // RFC 2308 §2.1/§2.2: NXDOMAIN and NODATA carry the SOA in authority.
            if (!signed) {
                response.addRecord(result.zone().negativeSoa(), Section.AUTHORITY);
                return first;
            }
            // RFC 4035 §3.1.3: the SOA with its RRSIGs, then the proof of what does not exist.
            add(response, zone.signedNegativeSoa(), Section.AUTHORITY);
            DenialProofs proofs = DenialProofs.of(zone);
            if (result instanceof LookupResult.NxDomain nx) {
                addAuthority(response, proofs.nxdomain(name, nx.closestEncloser()));
            } else if (result instanceof LookupResult.NoData nd && nd.wildcard()) {
                addAuthority(response, proofs.wildcardNodata(name, nd.closestEncloser()));
            } else {
                addAuthority(response, proofs.nodata(name));
            }
            return first;
        }
    }

    /** The RRset's records, then the RRSIGs it carries (none unless the lookup asked for them). */
    private static void add(Message response, RRset set, int section) {
        for (Record r : set.rrs(false)) {
            response.addRecord(r, section);
        }
        for (Record r : set.sigs()) {
            response.addRecord(r, section);
        }
    }

    /** A proof's RRsets, each once: a chain through one zone can need the same NSEC twice. */
    private static void addAuthority(Message response, List<RRset> proof) {
        for (RRset set : proof) {
            if (!response.findRRset(set.getName(), set.getType(), Section.AUTHORITY)) {
                add(response, set, Section.AUTHORITY);
            }
        }
    }

    /**
     * RFC 1035 §3.3.9, §3.3.11 and RFC 2782: addresses of in-zone MX, NS and SRV targets, added to {@code out}
     * (made here when {@code null} and needed); returns the list.
     */
    private static List<RRset> collectAdditional(Zone zone, RRset set, List<RRset> out, boolean dnssec) {
        int type = set.getType();
        if (type != Type.MX && type != Type.NS && type != Type.SRV) {
            return out;
        }
        for (Record r : set.rrs(false)) {
            Name target = r instanceof MXRecord mx ? mx.getTarget()
                    : r instanceof NSRecord ns ? ns.getTarget()
                    : r instanceof SRVRecord srv ? srv.getTarget() : null;
            if (target != null && target.subdomain(zone.origin())) {
                for (RRset addr : zone.addresses(target, false, dnssec)) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    if (!out.contains(addr)) {
                        out.add(addr);
                    }
                }
            }
        }
        return out;
    }

    private static void addAdditional(Message response, List<RRset> additional) {
        if (additional == null) {
            return;
        }
        for (RRset set : additional) {
            add(response, set, Section.ADDITIONAL);
        }
    }
}
