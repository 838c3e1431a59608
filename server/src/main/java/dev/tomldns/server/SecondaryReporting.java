package dev.tomldns.server;

import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.xfr.SecondaryStatus;
import org.xbill.DNS.Name;

/**
 * What {@code serve} does when a secondary zone becomes served or stops being served: {@code /ready} names a
 * secondary with no copy yet or an expired one (RFC 1034 §4.3.5), and the serial gauge shows the copy's serial, as
 * for the zone files.
 */
public final class SecondaryReporting implements SecondaryStatus {
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;

    public SecondaryReporting(DnsMetrics metrics, ZoneReadiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    public void serving(Name zone, long serial) {
        metrics.serial(zone, serial);
        readiness.loaded(zone.toString());
    }

    @Override
    public void notServing(Name zone, String reason) {
        readiness.failed(zone.toString(), reason);
    }
}
