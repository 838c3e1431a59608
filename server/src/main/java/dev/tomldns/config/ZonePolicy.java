package dev.tomldns.config;

import dev.tomldns.security.TransferAcl;
import java.util.List;

/**
 * Transfer policy of one zone.
 *
 * @param allowTransfer who may AXFR/IXFR the zone (default: nobody)
 * @param alsoNotify secondaries sent a NOTIFY (RFC 1996) when the zone's serial changes
 * @param notifyNs whether the zone's NS hosts other than the SOA MNAME are sent a NOTIFY too (RFC 1996 §3.7), at
 *                 the addresses this server knows for them (its own zones' records) on port 53
 */
public record ZonePolicy(TransferAcl allowTransfer, List<NotifyTarget> alsoNotify, boolean notifyNs) {
    /** Secure default: no transfers, no notifies. */
    public static final ZonePolicy DEFAULT = new ZonePolicy(TransferAcl.DENY_ALL, List.of(), false);

    public ZonePolicy {
        alsoNotify = List.copyOf(alsoNotify);
    }

    /** A policy that notifies only {@code alsoNotify}. */
    public ZonePolicy(TransferAcl allowTransfer, List<NotifyTarget> alsoNotify) {
        this(allowTransfer, alsoNotify, false);
    }
}
