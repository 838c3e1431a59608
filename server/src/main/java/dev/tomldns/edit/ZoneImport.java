package dev.tomldns.edit;

import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * A zone source made TOML, and proved: the TOML is read back by the server's own reader and must give the same
 * RRsets as the source, or the import fails (nothing is silently changed).
 *
 * @param toml     the TOML text
 * @param problems what {@code tomldns check} would report about it ({@code file:line: message}), empty when clean
 */
public record ZoneImport(String toml, List<String> problems) {

    /**
     * Converts {@code source}; {@code name} is the file the TOML will be (for the messages).
     *
     * @throws ImportException when the TOML would not serve the same RRsets (a defect, named RRset by RRset)
     */
    public static ZoneImport of(ZoneSource source, Path name) throws ImportException {
        String toml = TomlZoneWriter.write(source);
        ZoneFile read = new ZoneFileReader().parse(name, toml);
        List<Record> back = new ArrayList<>();
        if (read.ok()) {
            back.addAll(read.zone().records());
        } else {
            back.add(source.soa()); // the reader gives no SOA record for a zone with errors: compare the others
            read.records().stream().map(SourcedRecord::record).forEach(back::add);
        }
        List<String> diff = RrsetComparison.differences(source.all(), back);
        if (!diff.isEmpty()) {
            throw new ImportException(name + ": the TOML would not serve the same records as the source ("
                    + String.join("; ", diff.subList(0, Math.min(5, diff.size()))) + ")");
        }
        List<String> problems = read.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                .toList();
        return new ZoneImport(toml, problems);
    }
}
