package dev.tomldns.reload;

import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.Zone;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What one reload did to one zone file.
 *
 * <ul>
 *   <li>added: {@code oldZone == null}, {@code newZone != null};</li>
 *   <li>replaced: both set (compare them for an IXFR difference);</li>
 *   <li>removed (file deleted, or it now serves another origin): {@code newZone == null}, {@code ok()};</li>
 *   <li>failed: {@code !ok()}; nothing was applied, {@code oldZone == newZone} is the last good version still
 *       served (or {@code null} when the file never loaded), {@code errors} say why, as {@code file:line: message}.</li>
 * </ul>
 *
 * @param file       the zone file
 * @param origin     the zone's origin ({@code null} when a file that never loaded fails)
 * @param oldZone    the version served before this reload
 * @param newZone    the version served after it
 * @param errors     the errors of a failed file; empty when the change was applied
 * @param newSerial  the SOA serial differs from the one served (or last recorded) before: secondaries should hear
 * @param alsoNotify the file's {@code also-notify} addresses (RFC 1996)
 * @param edited     the change came from {@link Reloader#edit} (a dynamic update), not from reading the file: counted
 *                   as an update, not as a reload
 */
public record ZoneReload(Path file, Name origin, Zone oldZone, Zone newZone, List<Diagnostic> errors,
                         boolean newSerial, List<InetSocketAddress> alsoNotify, boolean edited) {

    /** A change read from the zone file. */
    public ZoneReload(Path file, Name origin, Zone oldZone, Zone newZone, List<Diagnostic> errors,
            boolean newSerial, List<InetSocketAddress> alsoNotify) {
        this(file, origin, oldZone, newZone, errors, newSerial, alsoNotify, false);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /**
     * The file's {@code also-notify} addresses when its secondaries should hear of this change (RFC 1996 §3.5: the
     * zone was applied with a new serial), else none.
     */
    public List<InetSocketAddress> toNotify() {
        return ok() && newZone != null && newSerial ? alsoNotify : List.of();
    }

    public boolean removed() {
        return ok() && newZone == null;
    }

    @Override
    public String toString() {
        if (!ok()) {
            String outcome = oldZone == null ? ": zone not served"
                    : ", last good version still served (" + oldZone.origin() + " serial " + oldZone.serial() + ")";
            return file + " failed (" + errors.size() + " error(s))" + outcome;
        }
        if (newZone == null) {
            return origin + " removed";
        }
        if (oldZone == null) {
            return origin + " added, serial " + newZone.serial();
        }
        return origin + " serial " + oldZone.serial() + " -> " + newZone.serial();
    }
}
