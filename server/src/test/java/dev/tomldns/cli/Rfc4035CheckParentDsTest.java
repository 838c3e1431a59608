package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.dnssec.SignedZones;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.server.Server;
import dev.tomldns.state.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * {@code tomldns check --server ADDR} (RFC 4035 §5.2): each signed zone's DS is asked of ADDR and compared with the
 * zone's DNSKEYs. {@code serve} signs three zones (keys made on its first load); a real NSD serves their parent
 * with, for {@code good}, the DS line {@code tomldns dnssec ds} prints; for {@code wrong}, that line with a wrong
 * digest (a registrar typo); for {@code none}, no DS. A fourth zone is signed in its file (served signed). Then the
 * parent down, and {@code check} without {@code --server} as before.
 */
class Rfc4035CheckParentDsTest {
    @TempDir
    static Path dir;
    static NsdPeer parent;
    static Path config;
    static String goodDs;

    @BeforeAll
    static void signedZonesAndTheirParent() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        config = dir.resolve("tomldns.toml");
        StringBuilder c = new StringBuilder("zones = \"zones\"\nstate-dir = \"state\"\n");
        for (String label : List.of("good", "wrong", "none")) {
            Cli.zone(zones, label + ".parent.test", Cli.record("www", "A", "192.0.2.7"));
            c.append("\n[[zone]]\nname = \"").append(label).append(".parent.test.\"\ndnssec = true\n");
        }
        Files.writeString(config, c.toString());
        Name imported = Name.fromConstantString("imported.parent.test.");
        List<Record> signed = SignedZones.signed(imported, Instant.now().plus(Duration.ofDays(14)), Map.of());
        Files.writeString(zones.resolve("imported.parent.test.toml"), SignedZones.toml(imported, signed));
        Files.createDirectories(dir.resolve("state"));
        // serve's first load makes the keys and signs.
        try (Server s = Server.builder(ServerConfigReader.read(config)).state(StateDirectory.open(dir.resolve("state")))
                .watch(false).start()) {
            assertTrue(s.reloader().state().ok(), s.reloader().state().failingFiles().toString());
        }
        goodDs = dsLine("good.parent.test.");
        String wrongDs = dsLine("wrong.parent.test.");
        String digest = wrongDs.substring(wrongDs.lastIndexOf(' ') + 1);
        wrongDs = wrongDs.substring(0, wrongDs.lastIndexOf(' ') + 1)
                + (digest.charAt(0) == 'A' ? 'B' : 'A') + digest.substring(1);
        DNSKEYRecord importedKey = (DNSKEYRecord) signed.stream().filter(DNSKEYRecord.class::isInstance)
                .filter(k -> (((DNSKEYRecord) k).getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0).findFirst()
                .orElseThrow();
        String importedDs = new DSRecord(imported, DClass.IN, 300, DNSSEC.Digest.SHA256, importedKey)
                .rdataToString();
        String text = """
                $ORIGIN parent.test.
                $TTL 300
                @ IN SOA ns.parent.test. admin.parent.test. 1 3600 600 86400 300
                @ IN NS ns.parent.test.
                ns IN A 127.0.0.1
                good IN NS ns1.good
                good IN DS %s
                wrong IN NS ns1.wrong
                wrong IN DS %s
                none IN NS ns1.none
                imported IN NS ns1.imported
                imported IN DS %s
                """.formatted(goodDs, wrongDs, importedDs);
        parent = new NsdPeer(dir.resolve("nsd"), List.of(PeerZone.primary(Name.fromConstantString("parent.test."),
                text, null, List.of())));
        parent.start();
    }

    @AfterAll
    static void stop() {
        if (parent != null) {
            parent.close();
        }
    }

    /** The DS's RDATA from {@code tomldns dnssec ds ZONE}, as a user copies it to the registrar. */
    private static String dsLine(String zone) {
        Cli.Result r = Cli.run("dnssec", "ds", zone, "--config", config.toString());
        assertEquals(0, r.exit(), r.toString());
        String line = r.out().lines().filter(l -> l.contains("\tDS\t")).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
        return line.substring(line.indexOf("\tDS\t") + 4);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("good", 0, "info: zone good.parent.test.: the DS at the parent (asked 127.0.0.1:%d) "
                        + "matches key %s (algorithm 13): the chain of trust is complete"),
                Arguments.of("wrong", 1, ": zone wrong.parent.test.: the DS at the parent (asked 127.0.0.1:%d) (DS "
                        + "%s 13 2) matches no DNSKEY of the zone: the zone is bogus to validating resolvers"),
                Arguments.of("none", 0, "warning: zone none.parent.test.: no DS at the parent (asked 127.0.0.1:%d): "
                        + "the zone is unsigned to resolvers; give the registrar the DS of key %s (algorithm 13) "
                        + "(`tomldns dnssec ds none.parent.test.` prints it)"),
                Arguments.of("imported", 0, "info: zone imported.parent.test.: the DS at the parent (asked "
                        + "127.0.0.1:%d) matches key %s"));
    }

    @ParameterizedTest(name = "{0}: exit {1}")
    @MethodSource("cases")
    void eachZonesDsAtTheParent(String label, int exit, String said) {
        Path file = dir.resolve("zones").resolve(label + ".parent.test.toml");
        String tag = label.equals("imported") ? "" : dsLine(label + ".parent.test.").split(" ")[0];
        Cli.Result r = Cli.run("check", "--config", config.toString(), "--server", "127.0.0.1:" + parent.port(),
                file.toString());
        assertEquals(exit, r.exit(), r.toString());
        String expected = said.formatted(parent.port(), tag);
        assertTrue(r.out().contains(file + ":") && r.out().contains(expected), expected + "\n" + r);
        if (label.equals("wrong")) {
            assertTrue(r.out().contains(file + ":0: zone wrong.parent.test.: the DS"), r.toString());
            assertTrue(r.err().contains("1 error(s)"), r.toString());
        }
    }

    @Test
    void allZonesAtOnceAlsoInJson() {
        Cli.Result r = Cli.run("check", "--config", config.toString(), "--server", "127.0.0.1:" + parent.port(),
                "--format", "json");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("\"errors\" : 1"), r.toString());
        assertTrue(r.out().contains("\"severity\" : \"error\",\n      \"message\" : \"zone wrong.parent.test.: the DS "
                + "at the parent"), r.toString());
        assertEquals(2, r.out().split("the chain of trust is complete").length - 1, r.toString());
    }

    @Test
    void theParentDownIsAnErrorInWords() throws Exception {
        int closed = PeerServer.freePort();
        Path file = dir.resolve("zones").resolve("good.parent.test.toml");
        Cli.Result r = Cli.run("check", "--config", config.toString(), "--server", "127.0.0.1:" + closed,
                file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(file + ":0: zone good.parent.test.: the DS at the parent is not checked: "), r.toString());
        assertTrue(r.out().contains("127.0.0.1:" + closed), r.toString());
        assertFalse(r.toString().contains("Exception"), r.toString());
    }

    @Test
    void withoutServerCheckIsAsBefore() {
        Cli.Result r = Cli.run("check", "--config", config.toString());
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("DS at the parent"), r.toString());
        assertEquals(4, r.out().split(": OK, ").length - 1, r.toString());
    }

    @Test
    void aBadServerAddressIsAUsageError() {
        Cli.Result r = Cli.run("check", "--server", "parent.example", dir.resolve("zones").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--server") && r.err().contains("parent.example"), r.toString());
    }

    @Test
    void noSignedZoneIsSaid() {
        Path file = Cli.zone(dir, "plain.test", "");
        Cli.Result r = Cli.run("check", "--server", "127.0.0.1:" + parent.port(), file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("check --server: no signed zone to check at the parent"), r.toString());
    }
}
