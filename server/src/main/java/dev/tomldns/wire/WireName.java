package dev.tomldns.wire;

import io.netty.buffer.ByteBuf;

/** Reading a domain name in a message's octets without decoding it (RFC 1035 §4.1.4). */
public final class WireName {
    /** RFC 1035 §3.1: a name is at most 255 octets, so at most 127 labels and the root. */
    private static final int MAX_LABELS = 128;

    private WireName() {
    }

    /**
     * Where the name at {@code p} ends in the message (after its root label or its compression pointer), or -1 when
     * it is malformed or runs past {@code end}: a label type other than 00 and 11, or too many labels.
     */
    public static int skip(ByteBuf b, int p, int end) {
        for (int labels = 0; labels < MAX_LABELS && p < end; labels++) {
            int len = b.getUnsignedByte(p);
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return p + 2 <= end ? p + 2 : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            p += 1 + len;
        }
        return -1;
    }
}
