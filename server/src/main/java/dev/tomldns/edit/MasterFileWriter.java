package dev.tomldns.edit;

import dev.tomldns.zone.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Writes a zone as an RFC 1035 master file that {@code named-checkzone}, {@code kzonecheck} and NSD read: an
 * {@code $ORIGIN} line, then one line per record (owner relative to the origin, TTL, class, type, RDATA in dnsjava's
 * presentation format: absolute names, {@code \DDD} escapes, RFC 3597 {@code \#} for types without one), the SOA
 * first, records grouped by name as the zone holds them.
 */
public final class MasterFileWriter {
    private MasterFileWriter() {
    }

    /**
     * The zone as master-file text, each record read back from its text by dnsjava and compared RRset for RRset before it
     * is returned.
     *
     * @throws ImportException when the text would not read back as the same RRsets (named)
     */
    public static String write(Zone zone, String heading) throws ImportException {
        StringBuilder out = new StringBuilder();
        for (String line : heading.lines().toList()) {
            out.append(line.isEmpty() ? ";" : "; " + line).append('\n');
        }
        out.append("$ORIGIN ").append(zone.origin()).append('\n');
        List<Record> records = zone.records();
        for (Record r : records) {
            out.append(TomlZoneWriter.relative(r.getName(), zone.origin())).append('\t')
                    .append(r.getTTL()).append('\t').append(DClass.string(r.getDClass())).append('\t')
                    .append(Type.string(r.getType())).append('\t').append(r.rdataToString()).append('\n');
        }
        String text = out.toString();
        // Read back line by line, as each record was written: dnsjava's Master reads a HIP record's end of line as
        // part of it and then fails on the next line, though BIND, Knot and NSD read such files.
        List<Record> back = new ArrayList<>(records.size());
        for (Record r : records) {
            try {
                back.add(Record.fromString(r.getName(), r.getType(), r.getDClass(), r.getTTL(), r.rdataToString(),
                        zone.origin()));
            } catch (IOException | RuntimeException e) {
                throw new ImportException(zone.origin() + ": record " + r.getName() + " " + Type.string(r.getType())
                        + " does not read back from its text: " + e.getMessage());
            }
        }
        List<String> diff = RrsetComparison.differences(records, back);
        if (!diff.isEmpty()) {
            throw new ImportException(zone.origin() + ": the exported text would not serve the same records ("
                    + String.join("; ", diff.subList(0, Math.min(5, diff.size()))) + ")");
        }
        return text;
    }
}
