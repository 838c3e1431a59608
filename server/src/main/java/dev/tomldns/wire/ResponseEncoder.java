package dev.tomldns.wire;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;

/** Turns a response {@link Message} into octets within a size limit, and builds replies from a raw header. */
public final class ResponseEncoder {
    private ResponseEncoder() {
    }

    /**
     * Encodes within {@code limit} octets. dnsjava's {@link Message#toWire(int)} drops whole RRsets from the end and
     * sets TC when the answer or authority section lost data (RFC 2181 §9: not for additional data), keeping room
     * for the OPT record.
     */
    public static byte[] encode(Message response, int limit) {
        return response.toWire(limit);
    }

    /**
     * A reply with only a header, for a query whose body could not be parsed (RFC 1035 §4.1.1 FORMERR): the ID,
     * opcode and RD are copied from the raw header.
     */
    public static byte[] headerOnly(byte[] query, int rcode) {
        int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
        int opcode = (query[2] >> 3) & 0xf;
        boolean rd = (query[2] & 0x01) != 0;
        Message m = new Message(id);
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(opcode);
        if (rd) {
            h.setFlag(Flags.RD);
        }
        h.setRcode(rcode);
        return m.toWire();
    }

    /** Whether a raw message has QR set: responses are never answered (RFC 1035 §4.1.1). */
    public static boolean isResponse(byte[] query) {
        return (query[2] & 0x80) != 0;
    }
}
