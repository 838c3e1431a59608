package dev.tomldns.xfr;

import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.query.TransferHandler;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.security.TsigVerification;
import dev.tomldns.wire.Limits;
import dev.tomldns.wire.Transport;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

/**
 * The query path's hook for everything transfer-related: AXFR/IXFR (via {@link TransferResponder}),
 * TSIG-signed ordinary queries (verified, answered by the normal lookup, then signed: secondaries
 * such as NSD and Knot sign their SOA refresh queries, RFC 8945 §5.3). An expired secondary zone's
 * SERVFAIL (RFC 1034 §4.3.5) comes from the catalog snapshot, signed or not.
 */
public final class TransferService implements TransferHandler {
    private static final Logger log = LoggerFactory.getLogger(TransferService.class);

    private final TransferResponder responder;
    private final TsigKeyring keyring;
    private final Executor executor;
    private volatile QueryProcessor processor;

    /**
     * @param executor runs TCP transfers off the event loop; null runs them on the calling thread
     */
    public TransferService(TransferResponder responder, TsigKeyring keyring, Executor executor) {
        this.responder = responder;
        this.keyring = keyring;
        this.executor = executor;
    }

    /** The processor that answers signed ordinary queries once their TSIG has been checked. */
    public void setProcessor(QueryProcessor processor) {
        this.processor = processor;
    }

    @Override
    public boolean claims(Message query) {
        return TransferHandler.super.claims(query) || query.getTSIG() != null;
    }

    @Override
    public byte[] handle(Message query, byte[] wire, QueryContext ctx) {
        if (TransferHandler.super.claims(query)) {
            return transfer(query, wire, ctx);
        }
        TsigVerification tsig = keyring.verify(query, wire);
        if (tsig.failed()) {
            return TransferResponder.tsigError(query, tsig);
        }
        return signed(query, ctx, tsig);
    }

    /**
     * Over TCP the transfer runs on the transfer thread and every message goes out through
     * {@link QueryContext#extra()}: building a 100,000-record AXFR takes a few hundred milliseconds, which must not
     * stall the event loop's other connections. One thread keeps transfers on a connection in order.
     */
    private byte[] transfer(Message query, byte[] wire, QueryContext ctx) {
        boolean tcp = ctx.transport() == Transport.TCP;
        if (tcp && ctx.extra() != null && executor != null) {
            executor.execute(() -> {
                try {
                    responder.respond(query, wire, ctx.client().getAddress(), true, ctx.extra());
                } catch (RuntimeException e) {
                    log.warn("transfer for {} failed: {}", ctx.client(), e.toString(), e);
                    ctx.extra().accept(TransferResponder.error(query, Rcode.SERVFAIL, TsigVerification.UNSIGNED));
                }
            });
            return null;
        }
        OneBehind out = new OneBehind(ctx.extra());
        responder.respond(query, wire, ctx.client().getAddress(), tcp, out);
        return out.last;
    }

    /** Answers a verified signed query through the normal path and signs the answer with the same key. */
    private byte[] signed(Message query, QueryContext ctx, TsigVerification tsig) {
        Message stripped = query.clone();
        TSIGRecord tsigRecord = stripped.getTSIG();
        stripped.removeRecord(tsigRecord, Section.ADDITIONAL);
        byte[] answer = processor.process(stripped.toWire(), ctx);
        if (answer == null) {
            return null;
        }
        try {
            Message response = new Message(answer);
            response.setTSIG(tsig.key(), Rcode.NOERROR, tsig.requestTsig());
            // toWire(int) applies the TSIG, and within the client's size limit sets TC rather than overflow.
            int limit = ctx.transport() == Transport.TCP ? Limits.TCP_MAX : Limits.udpLimit(query.getOPT());
            return response.toWire(limit);
        } catch (IOException e) {
            return TransferResponder.error(query, Rcode.SERVFAIL, tsig);
        }
    }

    /** Holds back the latest message so the last one can be returned to the transport. */
    private static final class OneBehind implements Consumer<byte[]> {
        private final Consumer<byte[]> extra;
        byte[] last;

        OneBehind(Consumer<byte[]> extra) {
            this.extra = extra;
        }

        @Override
        public void accept(byte[] message) {
            if (last != null && extra != null) {
                extra.accept(last);
            }
            last = message;
        }
    }
}
