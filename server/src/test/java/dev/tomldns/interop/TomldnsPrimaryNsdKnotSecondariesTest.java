package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Interop scenario 2: tomldns as primary, NSD and Knot as secondaries pulling AXFR then IXFR with
 * TSIG (hmac-sha256 for NSD, hmac-sha512 for Knot); after a TOML edit NOTIFY brings them the new
 * serial, and their CAA/TXT RDATA is byte-identical to ours (dig +unknownformat prints the octets).
 */
class TomldnsPrimaryNsdKnotSecondariesTest {
    static final String ORIGIN = "interop.test.";
    static final Name ZONE = InteropZones.name(ORIGIN);
    static final long S1 = 2026112801L;
    static final long S2 = 2026112802L;

    @TempDir Path dir;

    @Test
    void secondariesFollowTomlEditsByNotifyAndIxfrWithTsig() throws Exception {
        Path zones = dir.resolve("zones");
        // 3000 filler records: the AXFR needs several TSIG-signed messages.
        Path zoneFile = TomlZones.write(zones, ORIGIN, S1, "v=spf1 -all", 3000);
        int nsdPort = PeerServer.freePort();
        int knotPort = PeerServer.freePort();
        ServerConfig config = ServerConfigReader.read(writeConfig(zones, nsdPort, knotPort));
        try (Tomldns tomldns = new Tomldns(config, 0);
                  NsdPeer nsdPeer = new NsdPeer(dir.resolve("nsd"),
                          List.of(PeerZone.secondary(ZONE, tomldns.port(), InteropZones.KEY_256)), nsdPort);
                  KnotPeer knotPeer = new KnotPeer(dir.resolve("knot"),
                          List.of(PeerZone.secondary(ZONE, tomldns.port(), InteropZones.KEY_512)), knotPort)) {
            nsdPeer.start();
            knotPeer.start();
            assertTrue(nsdPeer.awaitSerial(ZONE, S1, Duration.ofSeconds(20)), "NSD never got serial " + S1 + "\n"
                    + nsdPeer.log());
            assertTrue(knotPeer.awaitSerial(ZONE, S1, Duration.ofSeconds(20)), "Knot never got serial " + S1 + "\n"
                    + knotPeer.log());
            assertSameData(tomldns.port(), nsdPeer.port());
            assertSameData(tomldns.port(), knotPeer.port());
            assertEquals(0, tomldns.xfr().responder().incrementalTransfers());

            TomlZones.write(zones, ORIGIN, S2, "v=spf1 ip4:192.0.2.0/24 -all", 3000);
            tomldns.reload(zoneFile);
            assertTrue(nsdPeer.awaitSerial(ZONE, S2, Duration.ofSeconds(10)), "NSD never got serial " + S2 + "\n"
                    + nsdPeer.log());
            assertTrue(knotPeer.awaitSerial(ZONE, S2, Duration.ofSeconds(10)), "Knot never got serial " + S2 + "\n"
                    + knotPeer.log());
            assertSameData(tomldns.port(), nsdPeer.port());
            assertSameData(tomldns.port(), knotPeer.port());
            assertEquals(List.of("\"v=spf1 ip4:192.0.2.0/24 -all\""), Dig.shortAnswer(nsdPeer.port(), ORIGIN, "TXT"));
            // First transfers were full, the ones after the edit incremental (one each).
            assertEquals(2, tomldns.xfr().responder().fullTransfers());
            assertEquals(2, tomldns.xfr().responder().incrementalTransfers());
        }
    }

    private static void assertSameData(int ours, int theirs) throws Exception {
        for (String[] q : new String[][] {{ORIGIN, "CAA"}, {ORIGIN, "TXT"}, {"_dmarc." + ORIGIN, "TXT"},
                {"sel._domainkey." + ORIGIN, "TXT"}, {"multi." + ORIGIN, "TXT"}, {"h2999." + ORIGIN, "A"}}) {
            List<String> expected = Dig.shortAnswer(ours, q[0], q[1], "+unknownformat");
            assertFalse(expected.isEmpty(), "tomldns has no " + q[1] + " at " + q[0]);
            assertEquals(expected, Dig.shortAnswer(theirs, q[0], q[1], "+unknownformat"), q[0] + " " + q[1]);
        }
    }

    private Path writeConfig(Path zones, int nsdPort, int knotPort) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, """
                zones = "%s"
                data-dir = "%s"

                [[key]]
                name = "%s"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[key]]
                name = "%s"
                algorithm = "hmac-sha512"
                secret = "%s"

                [[zone]]
                name = "%s"
                # Only signed requests, from loopback, may transfer.
                allow-transfer = [ { from = "127.0.0.0/8", key = "%s" }, { from = "127.0.0.0/8", key = "%s" } ]
                also-notify = [ { to = "127.0.0.1:%d", key = "%s" }, { to = "127.0.0.1:%d", key = "%s" } ]
                """.formatted(zones, dir.resolve("data"),
                InteropZones.KEY_256.name(), InteropZones.KEY_256.secretBase64(),
                InteropZones.KEY_512.name(), InteropZones.KEY_512.secretBase64(),
                ORIGIN, InteropZones.KEY_256.name(), InteropZones.KEY_512.name(),
                nsdPort, InteropZones.KEY_256.name(), knotPort, InteropZones.KEY_512.name()));
        return f;
    }
}
