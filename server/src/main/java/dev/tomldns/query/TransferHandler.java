package dev.tomldns.query;

import org.xbill.DNS.Message;

/**
 * Answers AXFR and IXFR queries (RFC 5936, RFC 1995). Over TCP a transfer may send all but its last message through
 * {@link QueryContext#extra()} and return the last; {@code null} sends nothing more.
 */
@FunctionalInterface
public interface TransferHandler {
    byte[] handle(Message query, byte[] wire, QueryContext ctx);
}
