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
     * may also claim TSIG-signed queries (to verify and sign them). Never an ordinary unsigned QUERY: the answer
     * cache, which never builds a {@code Message}, could not ask.
     */
    default boolean claims(Message query) {
        Record q = query.getQuestion();
        return q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
    }
}
