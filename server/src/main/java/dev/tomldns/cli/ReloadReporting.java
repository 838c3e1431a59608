package dev.tomldns.cli;

import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.lint.ZoneLint;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.reload.NotifySender;
import dev.tomldns.reload.ZoneReload;
import dev.tomldns.reload.ReloadListener;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneFile;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TextParseException;

/**
 * What {@code serve} does around each zone file reload: lints the file as read ({@link ZoneLint}, strict or not),
 * reports the outcome to the metrics and the readiness check, hands each replaced zone to the transfer services
 * (IXFR journal, NOTIFY to the server configuration's also-notify) and counts each NOTIFY sent for a zone file's
 * own {@code also-notify}. A file whose new version fails while its last good version is still served keeps the zone
 * ready but counts as a failed reload.
 */
final class ReloadReporting implements ReloadListener, NotifySender.Listener {
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;
    private final XfrServices xfr;
    private final boolean strict;

    ReloadReporting(DnsMetrics metrics, ZoneReadiness readiness, XfrServices xfr, boolean strict) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.xfr = xfr;
        this.strict = strict;
    }

    /** The policy lint of one file as read (checks across zones are {@code tomldns check}'s). */
    ZoneFile lint(ZoneFile file) {
        List<ZoneFile> one = List.of(file);
        return ZoneLint.apply(one, ZoneLint.findings(one), strict).get(0);
    }

    @Override
    public void reloaded(ZoneReload change) {
        if (change.ok() && change.oldZone() != change.newZone()) {
            xfr.primaryZoneChanged(change.oldZone(), change.newZone());
        }
        report(change);
    }

    private void report(ZoneReload change) {
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
