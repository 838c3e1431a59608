package dev.tomldns.config;

import dev.tomldns.security.TransferAcl;
import java.util.List;

/**
 * Transfer policy of one zone.
 *
 * @param allowTransfer who may AXFR/IXFR the zone (default: nobody)
 * @param alsoNotify secondaries sent a NOTIFY (RFC 1996) when the zone's serial changes
 */
public record ZonePolicy(TransferAcl allowTransfer, List<NotifyTarget> alsoNotify) {
    /** Secure default: no transfers, no notifies. */
    public static final ZonePolicy DEFAULT = new ZonePolicy(TransferAcl.DENY_ALL, List.of());

    public ZonePolicy {
        alsoNotify = List.copyOf(alsoNotify);
    }
}
