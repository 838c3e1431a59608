package dev.tomldns.update;

import dev.tomldns.state.StateDirectory;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * The folder of {@link DynamicRecords} files, one per zone that dynamic updates changed, and the merge of each into
 * its zone as the zone file is loaded.
 */
public final class DynamicZones {
    private static final Logger log = LoggerFactory.getLogger(DynamicZones.class);

    private final Path dir;

    public DynamicZones(Path dir) {
        this.dir = dir;
    }

    /**
     * The dynamic records of the server with state directory {@code state}: its folder {@code dynamic}
     * ({@code .tomldns-dynamic} when the state directory is the zones folder), which must be writable as the state
     * directory is; the zones folder and the configuration's folder may be read-only (the systemd unit's
     * {@code ProtectSystem=strict}). Files left in {@link #legacyDir} (where they were kept before) are moved in
     * first, each with one log line naming both paths, so no acknowledged update is lost.
     *
     * @param dataDir the configuration's {@code data-dir}, whose {@code dynamic} folder is looked at for old files
     * @throws IOException when an old file cannot be moved (its message names the files): starting without it would
     *                     drop acknowledged updates
     */
    public static DynamicZones in(StateDirectory state, Path dataDir) throws IOException {
        DynamicZones zones = new DynamicZones(state.file("dynamic"));
        zones.migrateFrom(legacyDir(dataDir));
        return zones;
    }

    /** Where dynamic records were kept before they moved to the state directory: {@code DATA-DIR/dynamic}. */
    public static Path legacyDir(Path dataDir) {
        return dataDir.resolve("dynamic");
    }

    /**
     * Moves every {@code *.toml} file of {@code old} that has no counterpart here: written here whole and forced to
     * disk, then deleted there (when that folder is read-only the old file stays, unread from now on). A file that
     * already has a counterpart here is left alone: the one here is the newer.
     */
    void migrateFrom(Path old) throws IOException {
        // data-dir may be the state directory itself (a setting the README suggested for the systemd unit).
        if (!Files.isDirectory(old) || (Files.exists(dir) && Files.isSameFile(old, dir))) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(old)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".toml") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        for (Path from : files) {
            Path to = dir.resolve(from.getFileName().toString());
            if (Files.exists(to)) {
                log.warn("{}: not read: the dynamic records in {} are the newer and are used", from, to);
                continue;
            }
            try {
                DynamicRecords.writeDurably(to, Files.readString(from, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(from + ": cannot move these dynamic records to " + to + " ("
                        + StateDirectory.why(e) + "); the server does not start without them");
            }
            String left = "";
            try {
                Files.delete(from);
            } catch (IOException e) {
                left = " (the old file stays, unread from now on: " + StateDirectory.why(e) + ")";
            }
            log.info("dynamic records moved from {} to {}{}", from, to, left);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path fileFor(Name zone) {
        return DynamicRecords.fileFor(dir, zone);
    }

    public DynamicRecords load(Name zone) throws IOException {
        return DynamicRecords.read(fileFor(zone), zone);
    }

    public void save(DynamicRecords records) throws IOException {
        records.write(fileFor(records.zone()));
    }

    /**
     * The zone file with its zone's dynamic records merged in (see {@link DynamicRecords}); unchanged when there are
     * none. A dynamic records file that cannot be read is an error of the zone (its acknowledged updates would be
     * lost otherwise), so the last good version stays served until it is fixed or removed.
     */
    public ZoneFile merge(ZoneFile zf) {
        if (!zf.ok() || !Files.exists(fileFor(zf.zone().origin()))) {
            return zf;
        }
        Zone zone = zf.zone();
        DynamicRecords dynamic;
        try {
            dynamic = load(zone.origin());
        } catch (IOException e) {
            List<Diagnostic> d = new ArrayList<>(zf.diagnostics());
            d.add(Diagnostic.error(zf.file(), 0, "cannot read the dynamic records of " + zone.origin() + " ("
                    + e.getMessage() + "); fix or remove that file"));
            return new ZoneFile(zf.file(), null, List.copyOf(d), zf.records(), zf.managedSerial(), zf.alsoNotify());
        }
        List<Record> all = zone.records();
        Map<RRsetKey, List<Record>> fileSets = new LinkedHashMap<>();
        for (Record r : all) {
            RRsetKey key = new RRsetKey(r.getName(), r.getType());
            if (dynamic.get(key) != null) {
                fileSets.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        Set<RRsetKey> applied = new HashSet<>();
        List<DynamicRecords.Change> dropped = new ArrayList<>();
        for (DynamicRecords.Change c : dynamic.changes()) {
            if (DynamicRecords.sameRRset(fileSets.getOrDefault(c.key(), List.of()), c.file())) {
                applied.add(c.key());
            } else {
                dropped.add(c);
            }
        }
        for (DynamicRecords.Change c : dropped) {
            // The user edited this RRset in the zone file after an update changed it: the later change wins.
            log.warn("{}: {} was edited in the zone file after a dynamic update set it; the zone file's records "
                    + "are served and the update's dropped from {}", zf.file(), c.key(), fileFor(zone.origin()));
            dynamic.remove(c.key());
        }
        if (!dropped.isEmpty()) {
            try {
                save(dynamic);
            } catch (IOException e) {
                log.error("{}: cannot rewrite ({}); the dropped RRsets stay dropped while this zone file is served",
                        fileFor(zone.origin()), e.toString());
            }
        }
        SOARecord soa = zone.soa();
        long serial = soa.getSerial();
        if (dynamic.serial() != 0 && Serial.compare(dynamic.serial(), serial) > 0) {
            // RFC 1982: the serial updates raised stays, unless the file sets a greater one.
            serial = dynamic.serial();
        }
        if (applied.isEmpty() && serial == soa.getSerial()) {
            return zf;
        }
        List<Record> others = new ArrayList<>();
        List<SourcedRecord> sourced = new ArrayList<>();
        for (SourcedRecord r : zf.records()) {
            if (!applied.contains(new RRsetKey(r.record().getName(), r.record().getType()))) {
                sourced.add(r);
            }
        }
        for (Record r : all) {
            if (r.getType() != Type.SOA && !applied.contains(new RRsetKey(r.getName(), r.getType()))) {
                others.add(r);
            }
        }
        for (DynamicRecords.Change c : dynamic.changes()) {
            if (applied.contains(c.key())) {
                others.addAll(c.now());
                c.now().forEach(r -> sourced.add(new SourcedRecord(r, 0)));
            }
        }
        Zone merged = Zone.build(UpdateSection.withSerial(soa, serial), others);
        log.info("{}: {} RRset(s) set by dynamic updates ({}), serial {}", zf.file(), applied.size(),
                fileFor(zone.origin()), merged.serial());
        return new ZoneFile(zf.file(), merged, zf.diagnostics(), List.copyOf(sourced), zf.managedSerial(),
                zf.alsoNotify());
    }
}
