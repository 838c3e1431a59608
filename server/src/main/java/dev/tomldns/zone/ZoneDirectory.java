package dev.tomldns.zone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/** A folder of {@code *.toml} zone files, one zone each. */
public final class ZoneDirectory {
    private ZoneDirectory() {
    }

    /** The zone files of a folder, sorted by name; hidden and temporary editor files are skipped. */
    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(ZoneDirectory::isZoneFile).sorted().toList();
        }
    }

    public static boolean isZoneFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".toml") && !name.startsWith(".") && Files.isRegularFile(p);
    }

    /**
     * Reads every file with {@code reader} (the TOML reader, {@code new ZoneFileReader()::read}). A second file for an
     * origin that an earlier file already serves is an error of its own and is not served.
     */
    public static List<ZoneFile> readAll(List<Path> files, Function<Path, ZoneFile> reader) {
        List<ZoneFile> out = new ArrayList<>();
        Map<Name, Path> seen = new HashMap<>();
        for (Path f : files) {
            ZoneFile zf;
            try {
                zf = reader.apply(f);
            } catch (RuntimeException | StackOverflowError e) {
                // The reader reports every problem of a file itself; this is a bug, kept to the file it concerns.
                zf = new ZoneFile(f, null, List.of(Diagnostic.error(f, 0, "this file could not be read (a bug in "
                        + "tomldns: please report it with the file)")), List.of(), false);
            }
            if (zf.ok()) {
                Path first = seen.putIfAbsent(zf.zone().origin(), f);
                if (first != null) {
                    List<Diagnostic> d = new ArrayList<>(zf.diagnostics());
                    d.add(Diagnostic.error(f, 0, "zone " + zf.zone().origin() + " is already loaded from " + first));
                    zf = new ZoneFile(f, null, List.copyOf(d), zf.records(), zf.managedSerial());
                }
            }
            out.add(zf);
        }
        return out;
    }

    /** The catalog of every clean file. */
    public static Catalog catalogOf(List<ZoneFile> files) {
        List<Zone> zones = new ArrayList<>();
        for (ZoneFile zf : files) {
            if (zf.ok()) {
                zones.add(zf.zone());
            }
        }
        return Catalog.of(zones);
    }
}
