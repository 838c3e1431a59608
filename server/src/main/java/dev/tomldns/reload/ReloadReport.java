package dev.tomldns.reload;

import dev.tomldns.zone.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What one reload asked for by {@code tomldns reload} did, file by file: the serial each zone had before and has
 * now, or the errors that kept a file's new version out (its last good version, if any, still served). The
 * {@link ControlSocket} sends it back to the command, which prints {@link #lines()} and exits 0 when {@link #ok()}.
 *
 * @param files one entry per zone file the reload looked at (and per zone it removed), in file order
 */
public record ReloadReport(List<File> files) {

    /**
     * One zone file's outcome.
     *
     * @param file      the zone file
     * @param origin    the zone it serves or served ({@code null} when a file that never loaded fails)
     * @param oldSerial the serial served before the reload ({@code null}: not served before)
     * @param newSerial the serial served after it ({@code null}: not served now)
     * @param errors    why the file's new version was refused, as {@code file:line: message}; empty when loaded
     */
    public record File(Path file, Name origin, Long oldSerial, Long newSerial, List<Diagnostic> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }

        /** One line for a loaded zone; for a failed file, its errors and then what is served instead. */
        List<String> lines() {
            if (ok()) {
                if (newSerial == null) {
                    return List.of(origin + " removed (serial " + oldSerial + " no longer served)");
                }
                if (oldSerial == null) {
                    return List.of(origin + " added, serial " + newSerial);
                }
                return List.of(oldSerial.equals(newSerial) ? origin + " serial " + newSerial + " (unchanged)"
                        : origin + " serial " + oldSerial + " -> " + newSerial);
            }
            List<String> out = new ArrayList<>();
            errors.forEach(d -> out.add(d.toString()));
            out.add(newSerial == null ? file + ": not loaded, zone " + (origin == null ? "" : origin + " ")
                    + "not served"
                    : file + ": not loaded, last good version of " + origin + " still served (serial "
                    + newSerial + ")");
            return out;
        }
    }

    /** Every zone file loaded. */
    public boolean ok() {
        return files.stream().allMatch(File::ok);
    }

    /** The report as printed: the files in order, then one summary line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        long failed = files.stream().filter(f -> !f.ok()).count();
        long served = files.stream().filter(f -> f.newSerial() != null).count();
        files.forEach(f -> out.addAll(f.lines()));
        out.add(failed == 0 ? "reload: done, " + served + " zone(s) served"
                : "reload: " + failed + " file(s) failed, " + served + " zone(s) served");
        return out;
    }
}
