package dev.tomldns.xfr;

import java.util.function.Consumer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Writes the answer records of a zone transfer as a sequence of DNS messages (RFC 5936 §2.2): each
 * message is filled up to a size budget, the first one carries the question, and with TSIG every
 * message is signed as a continuation of the previous one (RFC 8945 §5.3.1).
 */
final class TransferStream {
    /**
     * Answer bytes per message. Well below 64 KiB so that a TSIG record and name compression
     * mistakes can never overflow a TCP message; large enough that a 100k-record zone needs a few
     * hundred messages, not thousands.
     */
    static final int BUDGET = 16 * 1024;

    private final Message query;
    private final TSIG.StreamGenerator signer;
    private final Consumer<byte[]> sink;
    private Message current;
    private int used;
    private boolean first = true;
    private int messages;

    TransferStream(Message query, TSIG key, TSIGRecord requestTsig, Consumer<byte[]> sink) {
        this.query = query;
        this.signer = key == null ? null : new TSIG.StreamGenerator(key, requestTsig);
        this.sink = sink;
    }

    void add(Record r) {
        int size = r.toWire(Section.ANSWER).length;
        if (current != null && used + size > BUDGET) {
            flush();
        }
        if (current == null) {
            current = newMessage();
            used = 0;
        }
        current.addRecord(r, Section.ANSWER);
        used += size;
    }

    /** Sends the last message; returns how many messages the transfer took. */
    int finish() {
        if (current == null) {
            current = newMessage();
        }
        flush();
        return messages;
    }

    private void flush() {
        if (signer != null) {
            signer.generate(current);
        }
        sink.accept(current.toWire());
        messages++;
        current = null;
    }

    private Message newMessage() {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setOpcode(Opcode.QUERY);
        m.getHeader().setRcode(Rcode.NOERROR);
        if (first) {
            m.addRecord(query.getQuestion(), Section.QUESTION);
            first = false;
        }
        return m;
    }
}
