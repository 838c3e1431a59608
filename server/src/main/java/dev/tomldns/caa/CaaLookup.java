package dev.tomldns.caa;

import org.xbill.DNS.Name;

/**
 * Asks for the CAA RRset at one name the way a CA's resolver does: CNAME (and DNAME) are followed, and what
 * comes back is the CAA RRset at the end of the chain (RFC 8659 §3).
 */
public interface CaaLookup {
    /** RFC 1034 §3.6.2 sets no limit; resolvers stop around 8-16 aliases. Bounded so a loop ends. */
    int MAX_ALIASES = 16;

    CaaAnswer lookup(Name name);

    /** A few words saying where answers come from, for the output ("zones in zones/", "server 127.0.0.1:53"). */
    String describe();
}
