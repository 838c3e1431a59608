package dev.tomldns.query;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers AXFR and IXFR queries (RFC 5936, RFC 1995). Over TCP a transfer may send all but its last message through
 * {@link QueryContext#extra()} and return the last; {@code null} sends nothing more.
 */
@FunctionalInterface
public interface TransferHandler {
    byte[] handle(Message query, byte[] wire, QueryContext ctx);

    /**
     * Whether this handler answers the query instead of the normal lookup: AXFR and IXFR always; an implementation
     * may also claim TSIG-signed queries (to verify and sign them) and names of zones it cannot serve (SERVFAIL).
     */
    default boolean claims(Message query) {
        Record q = query.getQuestion();
        return q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
    }

    /**
     * Whether {@link #claims} may now take an ordinary, unsigned QUERY (e.g. for a name of an expired secondary
     * zone). The fast path, which never builds a {@code Message}, leaves every query to the reference path then.
     */
    default boolean claimsOrdinaryQueries() {
        return false;
    }
}
