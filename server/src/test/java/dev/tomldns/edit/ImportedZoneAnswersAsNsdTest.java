package dev.tomldns.edit;

import dev.tomldns.cli.Cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.BindPeer;
import dev.tomldns.interop.Dig;
import dev.tomldns.interop.InteropZones;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A user's path from BIND: {@code tomldns import} a BIND-style zone with every common type (CAA with flags 128, TXT
 * with escapes and octets that are not UTF-8, long DKIM keys, SRV, TLSA, SVCB/HTTPS, a delegation, a wildcard),
 * {@code tomldns check} it, serve it; {@code dig} prints the same for every name and type as when NSD serves the
 * original file. And {@code import --from} a BIND primary, signed with TSIG, gives the TOML that importing its file
 * gives.
 */
class ImportedZoneAnswersAsNsdTest {
    private static final Name ORIGIN = Name.fromConstantString("common-types.test.");

    @TempDir
    Path dir;

    private static Path bindStyleZone() {
        return Fixture.root().resolve("server/src/test/resources/edit/common-types.test.zone");
    }

    private static List<Record> records(String text) throws Exception {
        List<Record> out = new ArrayList<>();
        try (Master m = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), ORIGIN)) {
            for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
                out.add(r);
            }
        }
        return out;
    }

    /** dig's output for many queries at once, less what differs between any two servers (id, timing, port). */
    private static String dig(int port, List<String> queries) throws Exception {
        List<String> args = new ArrayList<>(List.of("+norec", "+noall", "+comments", "+answer", "+nocookie",
                "+tries=1", "+time=5"));
        args.addAll(queries);
        String out = Dig.run(port, args.toArray(String[]::new));
        return out.replaceAll("id: \\d+", "id: N")
                // section counts: NSD adds its NS to the authority section of positive answers; the sections
                // compared here are the header flags, the status and the answer
                .replaceAll("QUERY: \\d+, ANSWER: (\\d+), AUTHORITY: \\d+, ADDITIONAL: \\d+", "ANSWER: $1")
                .lines().filter(l -> !l.startsWith(";; Query time") && !l.startsWith(";; SERVER")
                        && !l.startsWith(";; WHEN") && !l.startsWith(";; MSG SIZE"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void importedZoneAnswersByteForByteAsNsdServingTheBindFile() throws Exception {
        String original = Files.readString(bindStyleZone(), StandardCharsets.ISO_8859_1);
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path toml = zones.resolve("common-types.test.toml");
        Cli.Result imported = Cli.run("import", bindStyleZone().toString(), "-o", toml.toString());
        assertEquals(0, imported.exit(), imported.toString());
        Cli.Result check = Cli.run("check", toml.toString());
        assertEquals(0, check.exit(), check.toString());

        // Every name with each of its types, and with the types most asked for (NODATA where it has none).
        java.util.Map<String, Set<String>> asked = new java.util.LinkedHashMap<>();
        for (Record r : records(original)) {
            asked.computeIfAbsent(r.getName().toString(), n -> new TreeSet<>(List.of("A", "TXT", "CAA", "MX")))
                    .add(Type.string(r.getType()));
        }
        for (String n : List.of("nope.", "a.b.lab.", "x.sub.", "deeper.www.")) {
            asked.put(n + ORIGIN, Set.of("A", "TXT"));
        }
        List<String> queries = new ArrayList<>();
        asked.forEach((n, ts) -> ts.forEach(t -> {
            queries.add(n);
            queries.add(t);
        }));
        try (RunningServer ours = new RunningServer(zones);
             NsdPeer nsd = new NsdPeer(dir.resolve("nsd"), List.of(PeerZone.primary(ORIGIN, original, null, List.of())))) {
            nsd.start();
            String theirs = dig(nsd.port(), queries);
            String mine = dig(ours.port(), queries);
            assertTrue(mine.contains("128 iodef \"mailto:security@common-types.test\""), mine);
            assertTrue(mine.contains("\"caf\\195\\169\" \"\" \"\\000\\255\""), mine);
            assertTrue(mine.contains("status: NXDOMAIN"), mine);
            assertEquals(queries.size() / 2, mine.split("->>HEADER<<-").length - 1, "one reply per query");
            assertEquals(theirs, mine);
        }
    }

    @Test
    void importFromBindPrimaryWithTsigGivesTheTomlOfItsFile() throws Exception {
        // The file without comments and in the order BIND transfers it (RFC 5936 leaves the order to the server;
        // import keeps the source's order), so both sources can give the same TOML text.
        String text = "$ORIGIN common-types.test.\n$TTL 3600\n";
        StringBuilder body = new StringBuilder(text);
        try (BindPeer probe = new BindPeer(dir.resolve("probe"), List.of(PeerZone.primary(ORIGIN,
                Files.readString(bindStyleZone(), StandardCharsets.ISO_8859_1), InteropZones.KEY_256, List.of())))) {
            probe.start();
            Cli.Result axfr = Cli.run("import", "--from", "127.0.0.1:" + probe.port(), "--origin",
                    ORIGIN.toString(), "--tsig", tsig());
            assertEquals(0, axfr.exit(), axfr.toString() + probe.log());
            Path file = dir.resolve("bind-order.zone");
            Files.writeString(file, MasterFileWriter.write(new dev.tomldns.zone.toml.ZoneFileReader()
                    .parse(Path.of("common-types.test.toml"), axfr.out()).zone(), ""), StandardCharsets.UTF_8);
            body.append(Files.readString(file));
        }
        Path file = dir.resolve("common-types.test.zone");
        Files.writeString(file, body.toString().replaceAll("(?m)^;.*\n", ""), StandardCharsets.UTF_8);
        Cli.Result fromFile = Cli.run("import", file.toString());
        assertEquals(0, fromFile.exit(), fromFile.toString());

        try (BindPeer bind = new BindPeer(dir.resolve("bind"), List.of(PeerZone.primary(ORIGIN,
                Files.readString(file), InteropZones.KEY_256, List.of())))) {
            bind.start();
            Cli.Result signed = Cli.run("import", "--from", "127.0.0.1:" + bind.port(), "--origin",
                    ORIGIN.toString(), "--tsig", tsig());
            assertEquals(0, signed.exit(), signed.toString() + bind.log());
            assertEquals(fromFile.out(), signed.out());
            assertTrue(signed.out().contains("flags = 128"), signed.out());

            Cli.Result unsigned = Cli.run("import", "--from", "127.0.0.1:" + bind.port(), "--origin",
                    ORIGIN.toString());
            assertNotEquals(0, unsigned.exit(), unsigned.toString());
            assertTrue(unsigned.err().contains("AXFR of common-types.test. from 127.0.0.1:" + bind.port()),
                    unsigned.err());
            assertFalse(unsigned.err().contains("Exception"), unsigned.err());
        }
    }

    private static String tsig() {
        return InteropZones.KEY_256.algorithmMnemonic() + ":" + InteropZones.KEY_256.name() + ":"
                + InteropZones.KEY_256.secretBase64();
    }
}
