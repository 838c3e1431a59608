package dev.tomldns.wire;

import org.xbill.DNS.OPTRecord;

/** Response size limits (RFC 1035 §4.2.1, RFC 6891 §6.2.5, DNS Flag Day 2020). */
public final class Limits {
    /** The UDP payload size we advertise and never exceed: the DNS Flag Day 2020 value. */
    public static final int OUR_UDP_PAYLOAD = 1232;
    /** RFC 1035 §4.2.1: UDP messages without EDNS are at most 512 octets. */
    public static final int CLASSIC_UDP = 512;
    /** RFC 1035 §4.2.2: a TCP message is prefixed by a 2-octet length. */
    public static final int TCP_MAX = 65535;

    private Limits() {
    }

    /**
     * The largest UDP response for a query: min(client's payload size, ours), and never under 512 (RFC 6891 §6.2.5:
     * values below 512 are treated as 512).
     */
    public static int udpLimit(OPTRecord opt) {
        if (opt == null) {
            return CLASSIC_UDP;
        }
        return Math.max(CLASSIC_UDP, Math.min(opt.getPayloadSize(), OUR_UDP_PAYLOAD));
    }
}
