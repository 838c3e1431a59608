package dev.tomldns.query;

import org.xbill.DNS.Message;

/** Answers a message of a non-QUERY opcode (NOTIFY, RFC 1996). Returns the reply octets or {@code null} to drop. */
@FunctionalInterface
public interface OpcodeHandler {
    byte[] handle(Message query, byte[] wire, QueryContext ctx);
}
