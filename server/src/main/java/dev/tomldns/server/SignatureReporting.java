package dev.tomldns.server;

import dev.tomldns.dnssec.SignatureExpiry;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * What {@code serve} does after each catalog swap for signed zones: the earliest RRSIG expiration of every zone
 * version served goes to {@code /ready} and to the gauge {@code dns_zone_rrsig_expiry_seconds{zone}}, so an operator
 * sees a primary that stopped re-signing before validating resolvers do (RFC 4035 §5.3.1). A zone version already
 * seen is not read again; a zone gone from the catalog (removed, or an expired secondary) is forgotten.
 */
public final class SignatureReporting implements Consumer<Catalog> {
    private final ZoneRegistry registry;
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;
    private final Map<Name, Zone> seen = new HashMap<>();

    SignatureReporting(ZoneRegistry registry, DnsMetrics metrics, ZoneReadiness readiness) {
        this.registry = registry;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /** Reports from now on, starting with the catalog served now. */
    public static SignatureReporting install(ZoneRegistry registry, DnsMetrics metrics, ZoneReadiness readiness) {
        SignatureReporting reporting = new SignatureReporting(registry, metrics, readiness);
        registry.addListener(reporting);
        reporting.accept(registry.current());
        return reporting;
    }

    /**
     * Swaps may come from several threads (reloads, secondaries, updates), and a listener may hear of a catalog
     * that a concurrent swap already replaced: one at a time, each reading the catalog current then, so the last
     * report is of the catalog served.
     */
    @Override
    public synchronized void accept(Catalog swapped) {
        Map<Name, Zone> now = new HashMap<>();
        for (Zone zone : registry.current().zones()) {
            now.put(zone.origin(), zone);
            if (seen.get(zone.origin()) != zone) {
                report(zone.origin(), SignatureExpiry.of(zone));
            }
        }
        for (Name gone : seen.keySet()) {
            if (!now.containsKey(gone)) {
                report(gone, null);
            }
        }
        seen.clear();
        seen.putAll(now);
    }

    private void report(Name origin, SignatureExpiry earliest) {
        metrics.signatureExpiry(origin, earliest == null ? null : earliest.expiration());
        readiness.signatures(origin.toString(), earliest);
    }
}
