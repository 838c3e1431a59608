package dev.tomldns.server;

import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.lint.ZoneLint;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.reload.Reloader;
import dev.tomldns.reload.ZoneReload;
import dev.tomldns.reload.ReloadListener;
import dev.tomldns.config.SecondaryConfig;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.ZoneFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What {@code serve} does around each zone file reload: lints the file as read ({@link ZoneLint}, strict or not),
 * reports the outcome to the metrics and the readiness check, hands each replaced zone to the transfer services
 * (IXFR journal, NOTIFY to the server configuration's and the zone file's own {@code also-notify}). A file whose new version fails makes the server not ready (naming the file and its first
 * error) and counts as a failed reload, also while its last good version is still served, until the file is fixed. A zone file whose origin is also a {@code [[secondary]]} of the server
 * configuration is an error naming both (it would silently replace the transferred copy); {@code serve} does not
 * start with one.
 */
public final class ReloadReporting implements ReloadListener {
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;
    private final XfrServices xfr;
    private final boolean strict;
    private final List<String> secondaryClashes = new CopyOnWriteArrayList<>();
    private static final Pattern ORIGIN_KEY = Pattern.compile("^\\s*origin\\s*=.*");

    public ReloadReporting(DnsMetrics metrics, ZoneReadiness readiness, XfrServices xfr, boolean strict) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.xfr = xfr;
        this.strict = strict;
    }

    /**
     * Wires these checks and this reporting into {@code reloader} as {@code serve} runs them: each file as read
     * passes {@link #gate}; without {@code --strict}, the policy lint runs once its zone is served ({@link #late}).
     */
    public void install(Reloader reloader) {
        install(reloader, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #install(Reloader)}, with {@code merge} (the zone's dynamic records) applied before the gate. */
    public void install(Reloader reloader, java.util.function.UnaryOperator<ZoneFile> merge) {
        reloader.setCheck(file -> gate(merge.apply(file)));
        reloader.setLateCheck(this::late);
        reloader.addListener(this);
    }

    /**
     * What a file must pass to be served: no clash with a {@code [[secondary]]}, and with {@code --strict} no policy
     * error (the lint of one file as read; checks across zones are {@code tomldns check}'s).
     */
    public ZoneFile gate(ZoneFile file) {
        if (!strict) {
            return refuseSecondaryClash(file);
        }
        List<ZoneFile> one = List.of(file);
        return refuseSecondaryClash(ZoneLint.apply(one, ZoneLint.findings(one), true).get(0));
    }

    /**
     * Without {@code --strict}, the policy lint's findings as warnings, once the zone is served: a policy finding
     * never holds a zone back then, so it does not delay it either.
     */
    public List<Diagnostic> late(ZoneFile file) {
        if (strict) {
            return List.of(); // the gate has linted it
        }
        List<ZoneFile> one = List.of(file);
        return ZoneLint.diagnostics(file, ZoneLint.findings(one), false);
    }

    /** The clashes of zone files with {@code [[secondary]]} entries seen so far, as {@code file:line: message}. */
    public List<String> secondaryClashes() {
        return List.copyOf(secondaryClashes);
    }

    /** A file serving a zone that is also a secondary is an error: one zone, one source. */
    private ZoneFile refuseSecondaryClash(ZoneFile file) {
        if (!file.ok()) {
            return file;
        }
        Name origin = file.zone().origin();
        Optional<SecondaryConfig> secondary = xfr.secondary(origin);
        if (secondary.isEmpty()) {
            return file;
        }
        Diagnostic clash = Diagnostic.error(file.file(), originLine(file.file()), "zone " + origin
                + " is also a secondary zone (" + secondary.get().definedAt() + "); a zone comes from one place: "
                + "remove this file or the [[secondary]] entry");
        secondaryClashes.add(clash.toString());
        List<Diagnostic> diagnostics = new ArrayList<>(file.diagnostics());
        diagnostics.add(clash);
        return new ZoneFile(file.file(), null, List.copyOf(diagnostics), file.records(), file.managedSerial(),
                file.alsoNotify());
    }

    /** The line of the file's {@code origin =} key, or 1 when the origin comes from the file name. */
    private static int originLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (ORIGIN_KEY.matcher(lines.get(i)).matches()) {
                    return i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The file changed or went away since it was read: point at its start.
        }
        return 1;
    }

    @Override
    public void reloaded(ZoneReload change) {
        if (change.ok() && change.oldZone() != change.newZone()) {
            xfr.primaryZoneChanged(change.oldZone(), change.newZone(), change.toNotify());
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
            // Not ready either way: what the operator wrote is not what is served (the last good version, if any, is).
            readiness.failed(file, change.newZone() == null ? firstError
                    : firstError + " (last good version, serial " + change.newZone().serial() + ", still served)");
            return;
        }
        if (change.removed()) {
            metrics.zoneRemoved(change.origin());
            readiness.forget(file);
            return;
        }
        if (!change.edited()) {
            // A dynamic update is counted by the update stage (dns_updates_total), not as a reload.
            metrics.reload(change.origin(), true, null);
        }
        metrics.serial(change.origin(), change.newZone().serial());
        readiness.loaded(file);
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
