package dev.tomldns.interop;

import dev.tomldns.security.TsigKey;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone a peer server carries in an interop test.
 *
 * @param origin the zone's name
 * @param primaryText the RFC 1035 zone file text when the peer is the zone's primary, else null
 * @param primaryPort the loopback port of the zone's primary when the peer is a secondary, else 0
 * @param key the TSIG key used between primary and secondaries (transfers, NOTIFY, updates), or null
 * @param notifyPorts loopback ports of secondaries the peer notifies when it is the primary
 */
public record PeerZone(Name origin, String primaryText, int primaryPort, TsigKey key, List<Integer> notifyPorts) {
    public PeerZone {
        notifyPorts = List.copyOf(notifyPorts);
    }

    public static PeerZone primary(Name origin, String text, TsigKey key, List<Integer> notifyPorts) {
        return new PeerZone(origin, text, 0, key, notifyPorts);
    }

    public static PeerZone secondary(Name origin, int primaryPort, TsigKey key) {
        return new PeerZone(origin, null, primaryPort, key, List.of());
    }

    boolean isPrimary() {
        return primaryText != null;
    }

    /** The origin without its trailing dot, as zone statements in peer configs spell it. */
    String bare() {
        String s = origin.toString();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
