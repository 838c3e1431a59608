package dev.tomldns.zone;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of reading one zone file: the zone when the file is clean, and every diagnostic either way.
 *
 * @param file        the file read
 * @param zone        the zone, or {@code null} when any diagnostic is an error (a zone is never served half-loaded)
 * @param diagnostics errors and warnings, in file order
 * @param records     every record with its source line (useful to linters), also when the zone has errors
 * @param managedSerial {@code true} when the file sets no SOA serial and the server manages it
 * @param alsoNotify  the secondaries to send NOTIFY (RFC 1996) to when the zone's serial changes
 *                    (top-level {@code also-notify}; empty when the file sets none)
 */
public record ZoneFile(Path file, Zone zone, List<Diagnostic> diagnostics, List<SourcedRecord> records,
                       boolean managedSerial, List<InetSocketAddress> alsoNotify) {

    /** A result without an {@code also-notify} list. */
    public ZoneFile(Path file, Zone zone, List<Diagnostic> diagnostics, List<SourcedRecord> records,
                    boolean managedSerial) {
        this(file, zone, diagnostics, records, managedSerial, List.of());
    }

    public boolean ok() {
        return zone != null;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
