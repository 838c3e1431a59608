package dev.tomldns.edit;

import dev.tomldns.cli.Cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.Dig;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code tomldns fmt}: one canonical layout that keeps every comment and blank-line group, is stable (formatting a
 * formatted file changes nothing), and never changes what a file serves: the RRsets before and after are equal on
 * every file it formats here, and a messy file and its formatted copy, served, give the same dig answers.
 */
class ZoneFormatTest {
    private static final Path EDIT = Fixture.root().resolve("server/src/test/resources/edit");

    @TempDir
    Path dir;

    /** Every TOML zone the tests have: the examples, the fixtures, the messy ones, imports of the RFC 1035 zones. */
    private List<Path> everyZone() throws Exception {
        List<Path> out = new ArrayList<>(ZoneDirectory.list(Fixture.exampleZones()));
        out.addAll(ZoneDirectory.list(Fixture.fixtureZones()));
        out.add(EDIT.resolve("messy.test.toml"));
        out.add(EDIT.resolve("messy-tables.test.toml"));
        Path zone = dir.resolve("every-type.test.zone");
        Files.writeString(zone, EveryTypeZone.text("every-type.test."), StandardCharsets.ISO_8859_1);
        for (Path rfc1035 : List.of(EDIT.resolve("common-types.test.zone"), zone)) {
            Path toml = dir.resolve(rfc1035.getFileName().toString().replace(".zone", ".toml"));
            Cli.Result r = Cli.run("import", rfc1035.toString(), "-o", toml.toString());
            assertEquals(0, r.exit(), r.toString());
            out.add(toml);
        }
        return out;
    }

    private static List<Record> served(Path file, String text) {
        ZoneFile zf = new ZoneFileReader().parse(file, text);
        assertTrue(zf.ok(), file + ": " + zf.diagnostics());
        return zf.zone().records();
    }

    private static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("#[^\\n]*").matcher(text.replaceAll("\"[^\"\\n]*\"|'[^'\\n]*'", "\"\""));
        while (m.find()) {
            out.add(m.group().stripTrailing());
        }
        return out;
    }

    @Test
    void formattingKeepsTheRrsetsAndTheCommentsOfEveryFileAndIsStable() throws Exception {
        for (Path file : everyZone()) {
            String before = Files.readString(file);
            String after = ZoneFormatter.format(file, before);
            assertEquals(List.of(), RrsetComparison.differences(served(file, before), served(file, after)), file.toString());
            assertEquals(comments(before), comments(after), file + ": comments, in order");
            assertEquals(after, ZoneFormatter.format(file, after), file + ": formatting twice changes nothing");
        }
    }

    @Test
    void exampleZonesAndImportsAreFormatted() throws Exception {
        Cli.Result r = Cli.run("fmt", "--check", "--zones", Fixture.exampleZones().toString());
        assertEquals(0, r.exit(), r.toString());
        for (Path file : everyZone()) {
            if (file.startsWith(dir)) {
                Cli.Result imported = Cli.run("fmt", "--check", file.toString());
                assertEquals(0, imported.exit(), "import writes the canonical layout: " + imported);
            }
        }
    }

    @Test
    void messyFileGetsTheCanonicalLayout() throws Exception {
        Path file = dir.resolve("messy.test.toml");
        Files.copy(EDIT.resolve("messy.test.toml"), file);
        Cli.Result check = Cli.run("fmt", "--check", file.toString());
        assertEquals(1, check.exit(), check.toString());
        assertTrue(check.out().contains(file + ": not formatted"), check.out());
        assertEquals(Files.readString(EDIT.resolve("messy.test.toml")), Files.readString(file), "--check writes nothing");

        Cli.Result fmt = Cli.run("fmt", file.toString());
        assertEquals(0, fmt.exit(), fmt.toString());
        assertEquals("""
                #:schema ../../../../../docs/zone.schema.json
                # messy.test: written by hand, in a hurry

                origin = "messy.test."  # the zone
                ttl = 3600

                records = [
                  { name = "@", type = "NS", data = "ns1" },
                  { name = "ns1", type = "A", data = "192.0.2.53" },  # the only server

                  # web
                  { name = "www", type = "A", data = "192.0.2.10", ttl = 300 },
                  { name = "@", type = "CAA", flags = 0, tag = "issue", value = "letsencrypt.org" },
                  { name = "txt", type = "TXT", text = ['single "quoted"', "two\\tparts"] },
                  { name = "esc", type = "TXT", data = '"a\\\\b" "\\255"' },
                ]

                [soa]
                mname = "ns1.messy.test."
                rname = "hostmaster@messy.test"

                serial = 2026120301  # YYYYMMDDnn
                """, Files.readString(file));
        assertEquals(0, Cli.run("fmt", "--check", file.toString()).exit());
    }

    @Test
    void messyFileAndItsFormattedCopyAnswerAlike() throws Exception {
        Path messy = Files.createDirectories(dir.resolve("messy"));
        Path tidy = Files.createDirectories(dir.resolve("tidy"));
        for (String name : List.of("messy.test.toml", "messy-tables.test.toml")) {
            Files.copy(EDIT.resolve(name), messy.resolve(name));
            Files.copy(EDIT.resolve(name), tidy.resolve(name));
        }
        Cli.Result fmt = Cli.run("fmt", "--zones", tidy.toString());
        assertEquals(0, fmt.exit(), fmt.toString());
        assertTrue(fmt.out().contains("messy-tables.test.toml: formatted"), fmt.out());
        List<String> queries = new ArrayList<>();
        for (Path file : ZoneDirectory.list(messy)) {
            for (Record r : served(file, Files.readString(file))) {
                queries.addAll(List.of(r.getName().toString(), Type.string(r.getType())));
                queries.addAll(List.of(r.getName().toString(), "TXT"));
            }
            Name origin = new ZoneFileReader().read(file).zone().origin();
            queries.addAll(List.of("nope." + origin, "A"));
        }
        try (RunningServer a = new RunningServer(messy); RunningServer b = new RunningServer(tidy)) {
            List<String> args = new ArrayList<>(List.of("+norec", "+noall", "+answer", "+authority", "+tries=1"));
            args.addAll(queries);
            String before = Dig.run(a.port(), args.toArray(String[]::new));
            String after = Dig.run(b.port(), args.toArray(String[]::new));
            assertTrue(before.contains("128 iodef \"mailto:security@messy-tables.test\""), before);
            assertEquals(before, after);
        }
    }

    @Test
    void fileThatIsNotTomlIsLeftAsItIsWithTheReadersMessage() throws Exception {
        Path file = dir.resolve("broken.test.toml");
        String text = "origin = \"broken.test.\"\n[soa\nmname = \"ns1.broken.test.\"\n";
        Files.writeString(file, text);
        Cli.Result r = Cli.run("fmt", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(file + ":2"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(text, Files.readString(file));
    }
}
