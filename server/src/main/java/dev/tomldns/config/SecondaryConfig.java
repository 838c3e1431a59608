package dev.tomldns.config;

import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone this server copies from primaries by zone transfer (a {@code [[secondary]]} entry).
 *
 * @param zone the zone's origin
 * @param primaries where to ask for SOA and transfers, in order; NOTIFY is accepted only from these addresses
 * @param key the TSIG key name used towards the primaries, or null for unsigned transfers
 * @param policy who may transfer this copy onwards, and whom to notify when it changes
 * @param definedAt where the entry is written, for messages: {@code file:line: key 'secondary[0].zone'}
 * @param limits how much one transfer in may bring
 */
public record SecondaryConfig(Name zone, List<InetSocketAddress> primaries, Name key, ZonePolicy policy,
                              String definedAt, TransferLimits limits) {
    public SecondaryConfig {
        primaries = List.copyOf(primaries);
    }

    /** With the {@link TransferLimits#DEFAULTS default transfer limits}. */
    public SecondaryConfig(Name zone, List<InetSocketAddress> primaries, Name key, ZonePolicy policy,
            String definedAt) {
        this(zone, primaries, key, policy, definedAt, TransferLimits.DEFAULTS);
    }

    /** An entry not read from a file (tests, programmatic setups). */
    public SecondaryConfig(Name zone, List<InetSocketAddress> primaries, Name key, ZonePolicy policy) {
        this(zone, primaries, key, policy, "[[secondary]] zone = \"" + zone + "\"");
    }
}
