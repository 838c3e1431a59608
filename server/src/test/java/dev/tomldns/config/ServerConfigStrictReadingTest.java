package dev.tomldns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

class ServerConfigStrictReadingTest {
    @TempDir Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void fullExampleIsReadWithSecureDefaults() throws Exception {
        Path f = write("""
                listen = ["127.0.0.1:5300", "[::1]:5300"]
                zones = "zones"
                data-dir = "/var/lib/tomldns"

                [[key]]
                name = "xfr-key"
                algorithm = "hmac-sha256"
                secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ=="

                [[zone]]
                name = "example.net."
                allow-transfer = ["192.0.2.0/24", { key = "xfr-key" }, { from = "::1", key = "xfr-key" }]
                also-notify = ["192.0.2.53:53", { to = "[::1]:5353", key = "xfr-key" }]

                [[secondary]]
                zone = "example.org"
                primaries = ["127.0.0.1:5301"]
                key = "xfr-key"
                """);
        ServerConfig c = ServerConfigReader.read(f);
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5300), new InetSocketAddress("::1", 5300)), c.listen());
        assertEquals(dir.resolve("zones"), c.zonesDir());
        assertEquals(Path.of("/var/lib/tomldns"), c.dataDir());
        Name key = Name.fromString("xfr-key.");
        assertEquals(TSIG.HMAC_SHA256, c.keys().get(key).orElseThrow().algorithm());
        ZonePolicy p = c.policyFor(Name.fromString("example.net."));
        assertTrue(p.allowTransfer().allows(InetAddress.getByName("192.0.2.7"), null));
        assertFalse(p.allowTransfer().allows(InetAddress.getByName("198.51.100.7"), null));
        assertTrue(p.allowTransfer().allows(InetAddress.getByName("198.51.100.7"), key));
        assertEquals(List.of(new NotifyTarget(new InetSocketAddress("192.0.2.53", 53), null),
                new NotifyTarget(new InetSocketAddress("::1", 5353), key)), p.alsoNotify());
        SecondaryConfig s = c.secondaries().get(0);
        assertEquals(Name.fromString("example.org."), s.zone());
        assertEquals(key, s.key());
        // Secure default: a zone nobody configured cannot be transferred by anyone.
        assertFalse(c.policyFor(Name.fromString("other.test.")).allowTransfer()
                .allows(InetAddress.getByName("127.0.0.1"), key));
        assertFalse(s.policy().allowTransfer().allows(InetAddress.getByName("127.0.0.1"), null));
    }

    @Test
    void unknownKeyIsAnErrorNamingKeyAndLine() throws Exception {
        Path f = write("""
                listen = ["127.0.0.1:53"]

                [[zone]]
                name = "example.net."
                allow-transfers = ["127.0.0.1"]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(f));
        assertEquals(1, e.problems().size(), e.getMessage());
        String msg = e.problems().get(0);
        assertTrue(msg.startsWith(f + ":5: key 'zone[0].allow-transfers': unknown key"), msg);
    }

    @Test
    void badValuesAreAllReportedWithTheirLines() throws Exception {
        Path f = write("""
                bogus = 1
                [[key]]
                name = "k"
                algorithm = "hmac-sha3-256"
                secret = "aGVsbG8="

                [[secondary]]
                zone = "example.org."
                primaries = ["not-an-ip:53"]
                key = "missing"
                allow-transfer = ["10.0.0.0/33"]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(f));
        String all = e.getMessage();
        assertTrue(all.contains(f + ":1: key 'bogus': unknown key"), all);
        assertTrue(all.contains(f + ":4: key 'key[0].algorithm': unsupported algorithm \"hmac-sha3-256\""), all);
        assertTrue(all.contains(f + ":9: key 'secondary[0].primaries[0]': bad address"), all);
        assertTrue(all.contains(f + ":10: key 'secondary[0].key': no [[key]] named missing."), all);
        assertTrue(all.contains(f + ":11: key 'secondary[0].allow-transfer[0]': prefix length must be 0..32"), all);
        assertEquals(5, e.problems().size(), all);
    }

    @Test
    void syntaxErrorNamesTheLine() throws Exception {
        Path f = write("listen = [\"127.0.0.1:53\"]\nzones = \n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2:9: TOML syntax error"), e.getMessage());
    }

    @Test
    void commandLineOverridesTheFile() throws Exception {
        ServerConfig c = ServerConfigReader.read(write("listen = [\"127.0.0.1:53\"]\nzones = \"z\"\n"));
        ServerConfig o = c.withOverrides(List.of(new InetSocketAddress("127.0.0.2", 5353)), Path.of("/other"));
        assertEquals(List.of(new InetSocketAddress("127.0.0.2", 5353)), o.listen());
        assertEquals(Path.of("/other"), o.zonesDir());
        assertNull(ServerConfig.empty().zonesDir());
    }
}
