package dev.tomldns.query;

import org.xbill.DNS.Message;

/**
 * One stage of the {@link QueryProcessor} pipeline in front of the guards and the authoritative lookup: it claims
 * the messages that are its own (by opcode, question type or signature) and answers them whole; the lookup never
 * sees them. The stages run in a fixed order: NOTIFY, UPDATE, then transfers and TSIG-signed queries.
 *
 * <p>A stage runs on the transport's event loop: it never blocks there. Work that waits (an UPDATE is answered only
 * once it is on disk) goes to a thread of the stage's own, and the reply follows through
 * {@link QueryContext#later()}.
 */
public interface Stage {

    /** Whether this stage answers {@code query} (already parsed; its header was readable and QR was clear). */
    boolean claims(Message query);

    /**
     * The reply octets; or {@code null} when none goes out now: the message is dropped, or its reply is sent later
     * through {@link QueryContext#later()}. Never throws.
     */
    byte[] handle(Message query, byte[] wire, QueryContext ctx);
}
