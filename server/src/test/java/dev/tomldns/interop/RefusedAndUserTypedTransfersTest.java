package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Interop scenario 3 and the user's view: dig AXFR and dig IXFR=serial as typed by hand work for
 * allowed clients; a client outside the ACL, a wrong TSIG secret and AXFR over UDP are refused.
 */
class RefusedAndUserTypedTransfersTest {
    static final String ORIGIN = "acl.test.";
    static final long S1 = 2026112801L;
    static final long S2 = 2026112802L;
    static final String GOOD_KEY = "hmac-sha256:" + InteropZones.KEY_256.name() + ":"
            + InteropZones.KEY_256.secretBase64();
    static final String WRONG_KEY = "hmac-sha256:" + InteropZones.WRONG_256.name() + ":"
            + InteropZones.WRONG_256.secretBase64();

    @TempDir Path dir;
    Tomldns tomldns;
    Path zoneFile;
    int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = dir.resolve("zones");
        zoneFile = TomlZones.write(zones, ORIGIN, S1, "v=spf1 -all", 10);
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, """
                zones = "%s"
                data-dir = "%s"
                [[key]]
                name = "%s"
                algorithm = "hmac-sha256"
                secret = "%s"
                [[zone]]
                name = "%s"
                # 127.0.0.2 unsigned, or anyone with the key; 127.0.0.1 unsigned is outside.
                allow-transfer = [ "127.0.0.2", { key = "%s" } ]
                """.formatted(zones, dir.resolve("data"), InteropZones.KEY_256.name(), InteropZones.KEY_256.secretBase64(),
                ORIGIN, InteropZones.KEY_256.name()));
        tomldns = new Tomldns(ServerConfigReader.read(conf), 0);
        port = tomldns.port();
    }

    @AfterEach
    void stop() {
        tomldns.close();
    }

    @Test
    void digAxfrFromAnAllowedAddressAndWithTheKey() throws Exception {
        String byAddress = Dig.run(port, "-b", "127.0.0.2", ORIGIN, "AXFR");
        assertTrue(byAddress.contains("XFR size: 20 records"), byAddress);
        String byKey = Dig.run(port, "-y", GOOD_KEY, ORIGIN, "AXFR");
        assertTrue(byKey.contains("XFR size: 20 records"), byKey);
        assertTrue(byKey.contains("CAA\t128 iodef \"mailto:security@acl.test\""), byKey);
        assertEquals(2, tomldns.xfr().responder().fullTransfers());
    }

    @Test
    void digIxfrAnswersDifferencesSingleSoaOrFullZone() throws Exception {
        TomlZones.write(dir.resolve("zones"), ORIGIN, S2, "v=spf1 ip4:192.0.2.1 -all", 10);
        tomldns.reload(zoneFile);
        // RFC 1995 §4: in history: old SOA, deletions, new SOA, additions, between the current SOAs.
        String ixfr = Dig.run(port, "-y", GOOD_KEY, ORIGIN, "IXFR=" + S1);
        assertTrue(ixfr.contains("XFR size: 6 records"), ixfr);
        assertTrue(ixfr.contains("\"v=spf1 -all\""), ixfr);
        assertTrue(ixfr.contains("\"v=spf1 ip4:192.0.2.1 -all\""), ixfr);
        assertEquals(1, tomldns.xfr().responder().incrementalTransfers());
        // RFC 1995 §2: a current client gets the single SOA.
        String current = Dig.run(port, "-y", GOOD_KEY, ORIGIN, "IXFR=" + S2);
        assertTrue(current.contains("XFR size: 1 records"), current);
        // Not in history: the whole zone, AXFR-style.
        String unknown = Dig.run(port, "-y", GOOD_KEY, ORIGIN, "IXFR=2020010101");
        assertTrue(unknown.contains("XFR size: 20 records"), unknown);
    }

    @Test
    void clientOutsideTheAclIsRefused() throws Exception {
        String out = Dig.run(port, "-b", "127.0.0.1", ORIGIN, "AXFR");
        assertTrue(out.contains("Transfer failed"), out);
        assertFalse(out.contains("IN\tSOA"), out);
        Message m = tcpQuery(Type.AXFR);
        assertEquals(Rcode.REFUSED, m.getRcode());
        assertEquals(0, tomldns.xfr().responder().fullTransfers());
    }

    @Test
    void wrongTsigSecretIsRefusedWithNotauth() throws Exception {
        String out = Dig.run(port, "-y", WRONG_KEY, ORIGIN, "AXFR");
        assertFalse(out.contains("IN\tSOA"), out);
        assertTrue(out.contains("Transfer failed") || out.contains("tsig verify failure")
                || out.contains("NOTAUTH") || out.contains("BADSIG"), out);
        assertEquals(0, tomldns.xfr().responder().fullTransfers());
    }

    @Test
    void axfrOverUdpIsRefusedEvenForAllowedClients() throws Exception {
        Message m = RawDns.udp(new java.net.InetSocketAddress(PeerServer.LOOPBACK, port),
                new java.net.InetSocketAddress("127.0.0.2", 0),
                Message.newQuery(Record.newRecord(InteropZones.name(ORIGIN), Type.AXFR, DClass.IN)));
        assertEquals(Rcode.REFUSED, m.getRcode());
        assertTrue(m.getSection(1).isEmpty());
        assertEquals(0, tomldns.xfr().responder().fullTransfers());
    }

    private Message tcpQuery(int type) throws Exception {
        return RawDns.tcp(new java.net.InetSocketAddress(PeerServer.LOOPBACK, port),
                Message.newQuery(Record.newRecord(InteropZones.name(ORIGIN), type, DClass.IN)));
    }
}
