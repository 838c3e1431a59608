package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Keeps the last transferred copy of each secondary zone on disk, in RFC 1035 master-file format
 * (written and read by dnsjava), so a restarted server serves it before a primary answers.
 */
public final class ZoneFileStore {
    private final Path dir;

    public ZoneFileStore(Path dir) {
        this.dir = dir;
    }

    /** The file of a zone: its name with anything but letters, digits, '.', '-' and '_' replaced. */
    public Path fileOf(Name origin) {
        String base = origin.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(base + "zone");
    }

    /** Writes atomically (temp file, then rename) so a crash never leaves half a zone. */
    public void save(Zone zone) throws IOException {
        Files.createDirectories(dir);
        Path file = fileOf(zone.origin());
        Path tmp = Files.createTempFile(dir, ".xfr", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("; secondary copy of " + zone.origin() + " serial " + zone.serial() + ", written " + Instant.now()
                    + "\n");
            zone.forEachRecord(r -> {
                try {
                    w.write(r.toString());
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stored copy with the time it was written (the last successful refresh), if there is one. */
    public Optional<Stored> load(Name origin) throws IOException {
        Path file = fileOf(origin);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<Record> records = new ArrayList<>();
        SOARecord soa = null;
        try (Master master = new Master(file.toString(), origin)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                if (r.getType() == Type.SOA && soa == null) {
                    soa = (SOARecord) r;
                } else {
                    records.add(r);
                }
            }
        }
        if (soa == null || !soa.getName().equals(origin)) {
            throw new IOException(file + ": no SOA for " + origin);
        }
        return Optional.of(new Stored(Zone.build(soa, records), Files.getLastModifiedTime(file).toInstant()));
    }

    /** A zone read back from disk and when it was last refreshed. */
    public record Stored(Zone zone, Instant refreshed) {}
}
