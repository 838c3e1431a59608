package dev.tomldns.cli;

import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.reload.NotifySender;
import dev.tomldns.reload.ZoneReload;
import dev.tomldns.reload.ReloadListener;
import java.net.InetSocketAddress;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TextParseException;

/**
 * Reports each zone file's reload to the metrics and the readiness check, and each NOTIFY sent. A file whose new
 * version fails while its last good version is still served keeps the zone ready but counts as a failed reload.
 */
final class ReloadReporting implements ReloadListener, NotifySender.Listener {
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;

    ReloadReporting(DnsMetrics metrics, ZoneReadiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    public void reloaded(ZoneReload change) {
        String file = change.file().toString();
        if (!change.ok()) {
            String firstError = change.errors().get(0).toString();
            Name origin = change.origin() != null ? change.origin() : originOf(change.file().getFileName().toString());
            if (origin != null) {
                metrics.reload(origin, false, firstError);
            }
            if (change.newZone() == null) {
                readiness.failed(file, firstError);
            }
            return;
        }
        if (change.removed()) {
            metrics.zoneRemoved(change.origin());
            readiness.forget(file);
            return;
        }
        metrics.reload(change.origin(), true, null);
        metrics.serial(change.origin(), change.newZone().serial());
        readiness.loaded(file);
    }

    @Override
    public void notified(Name zone, InetSocketAddress target, int rcode) {
        DnsMetrics.Outcome outcome = rcode == Rcode.NOERROR ? DnsMetrics.Outcome.OK
                : rcode == Rcode.REFUSED ? DnsMetrics.Outcome.REFUSED : DnsMetrics.Outcome.FAILED;
        metrics.notify(DnsMetrics.Direction.OUT, outcome);
    }

    /** The origin a zone file's name implies (zone-format.md: the file name minus ".toml"), or null. */
    private static Name originOf(String fileName) {
        String name = fileName.endsWith(".toml") ? fileName.substring(0, fileName.length() - 5) : fileName;
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }
}
