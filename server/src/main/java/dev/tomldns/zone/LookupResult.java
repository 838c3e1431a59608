package dev.tomldns.zone;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * What one zone says about one (name, type): the cases of RFC 1034 §4.3.2 step 3, as a closed set so that the
 * response builder handles each one explicitly.
 *
 * <p>For a lookup with DNSSEC records asked for ({@link Zone#lookup(Name, int, boolean)}), every RRset the zone
 * signed carries its RRSIGs in {@link RRset#sigs()} (RFC 4035 §3.1.1), and the names a denial proof needs are given
 * (the closest encloser of a wildcard or a missing name, the cut of a referral).
 */
public sealed interface LookupResult {

    /** The zone that answered; its SOA goes into negative answers. */
    Zone zone();

    /**
     * Step 3a: the name exists and has data of the type (or ANY). RRsets are already owned by the query name. For a
     * wildcard answer, {@code closestEncloser} is the name whose {@code *} child answered (RFC 4592 §3.3.1), else
     * {@code null}.
     */
    record Answer(Zone zone, List<RRset> rrsets, boolean wildcard, Name closestEncloser) implements LookupResult { }

    /** Step 3a: the name has a CNAME; the resolver restarts at its target (RFC 1034 §3.6.2). */
    record Cname(Zone zone, RRset cname, Name target, boolean wildcard, Name closestEncloser)
            implements LookupResult { }

    /**
     * RFC 6672 §3.1: the name lies below a DNAME owner. The answer holds the DNAME, then the CNAME synthesized from
     * it (owned by the name asked, TTL of the DNAME; unsigned, RFC 6672 §5.3); the resolver restarts at
     * {@code target}, as for a CNAME.
     */
    record Dname(Zone zone, RRset dname, RRset cname, Name target) implements LookupResult { }

    /** RFC 6672 §2.2: substituting the DNAME's target would make a name over 255 octets: YXDOMAIN, the DNAME. */
    record DnameOverflow(Zone zone, RRset dname) implements LookupResult { }

    /**
     * Step 3b: a zone cut lies on the way to the name: NS in authority, glue in additional, AA=0. With DNSSEC
     * records asked for, {@code ds} is the cut's DS RRset with its RRSIGs (RFC 4035 §3.1.4), or {@code null} when
     * the cut has none (the caller proves that); the NS RRset is the child's and unsigned here.
     */
    record Referral(Zone zone, RRset ns, List<RRset> glue, Name cut, RRset ds) implements LookupResult { }

    /**
     * The name exists (or is an empty non-terminal) but has no data of the type: NOERROR, SOA in authority. For a
     * wildcard, {@code closestEncloser} is the name whose {@code *} child matched, else {@code null}.
     */
    record NoData(Zone zone, boolean wildcard, Name closestEncloser) implements LookupResult { }

    /**
     * Step 3c: no such name and no wildcard to synthesize from (RFC 4592 §4). {@code encloserId} is the zone's id of
     * the deepest name that exists; its name is made only when asked for (a denial proof needs it, an unsigned
     * answer does not).
     */
    record NxDomain(Zone zone, int encloserId) implements LookupResult {
        /** The closest encloser (RFC 5155 §7.2.2, RFC 4035 §3.1.3.2), as loaded. */
        public Name closestEncloser() {
            return zone.ownerName(encloserId);
        }
    }
}
