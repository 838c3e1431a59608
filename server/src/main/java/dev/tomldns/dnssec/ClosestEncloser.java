package dev.tomldns.dnssec;

import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * The closest (provable) encloser proof of RFC 5155 §7.2.1: an NSEC3 that matches the closest provable encloser of a
 * name, the deepest ancestor of it that has an NSEC3, and an NSEC3 that covers the next closer name, the one label
 * longer name on the way to it (§1.3). With Opt-Out a name may exist without an NSEC3 (an insecure delegation, or
 * an empty non-terminal above insecure delegations only: §7.1), so the encloser proven may lie above the closest
 * encloser the zone has; the covering NSEC3 then carries the Opt-Out flag, which the resolver checks (§8.3).
 *
 * @param encloser the closest provable encloser
 * @param nextCloser the next closer name: {@code encloser} with the next label of the name proven
 * @param matching the NSEC3 RRset matching {@code encloser}
 * @param covering the NSEC3 RRset covering {@code nextCloser}, or {@code null} when its hash collides with an
 *     owner's (RFC 5155 §7.2.9 then leaves no proof to give)
 */
public record ClosestEncloser(Name encloser, Name nextCloser, RRset matching, RRset covering) {
    /**
     * The proof for {@code name} starting from {@code candidate}, its closest encloser in the zone (or {@code name}
     * itself when the name exists without an NSEC3): the walk goes up from there to the first ancestor with a
     * matching NSEC3, at the latest the apex. {@code null} when not even the apex has one (a broken chain).
     */
    public static ClosestEncloser prove(Nsec3Chain chain, Name name, Name candidate) {
        Name origin = chain.origin();
        if (!name.subdomain(candidate) || !candidate.subdomain(origin) || name.equals(origin)) {
            throw new IllegalArgumentException(candidate + " is no encloser of " + name + " in " + origin);
        }
        // The name itself cannot be its own encloser: the proof is that the name below the encloser is absent.
        Name at = candidate.equals(name) ? parent(candidate) : candidate;
        RRset matching = chain.matching(at);
        while (matching == null && !at.equals(origin)) {
            at = parent(at);
            matching = chain.matching(at);
        }
        if (matching == null) {
            return null;
        }
        Name nextCloser = new Name(name, name.labels() - at.labels() - 1);
        return new ClosestEncloser(at, nextCloser, matching, chain.covering(nextCloser));
    }

    /** The name one label shorter. */
    static Name parent(Name name) {
        return new Name(name, 1);
    }
}
