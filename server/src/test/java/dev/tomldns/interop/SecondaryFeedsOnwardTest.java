package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A secondary is a primary to others: BIND → tomldns → NSD. A change on BIND reaches NSD through
 * tomldns by NOTIFY and IXFR at each hop (tomldns answers NSD's IXFR from the differences of its own
 * refreshes).
 */
class SecondaryFeedsOnwardTest {
    static final Name ZONE = InteropZones.name("chain.test.");
    static final long S1 = 2026112801L;

    @TempDir Path dir;

    @Test
    void changeOnBindReachesNsdThroughTomldns() throws Exception {
        int tomldnsPort = PeerServer.freePort();
        int nsdPort = PeerServer.freePort();
        String key = InteropZones.KEY_256.name().toString();
        try (BindPeer bind = new BindPeer(dir.resolve("bind"), List.of(PeerZone.primary(ZONE,
                InteropZones.rfc1035(ZONE, S1, 5), InteropZones.KEY_256, List.of(tomldnsPort))))) {
            bind.start();
            Path conf = dir.resolve("tomldns.toml");
            Files.writeString(conf, """
                    data-dir = "%s"
                    [[key]]
                    name = "%s"
                    algorithm = "hmac-sha256"
                    secret = "%s"
                    [[secondary]]
                    zone = "%s"
                    primaries = ["127.0.0.1:%d"]
                    key = "%s"
                    allow-transfer = [ { from = "127.0.0.1", key = "%s" } ]
                    also-notify = [ { to = "127.0.0.1:%d", key = "%s" } ]
                    """.formatted(dir.resolve("data"), key, InteropZones.KEY_256.secretBase64(), ZONE,
                    bind.port(), key, key, nsdPort, key));
            try (Tomldns tomldns = new Tomldns(ServerConfigReader.read(conf), tomldnsPort);
                 NsdPeer nsd = new NsdPeer(dir.resolve("nsd"),
                         List.of(PeerZone.secondary(ZONE, tomldnsPort, InteropZones.KEY_256)), nsdPort)) {
                nsd.start();
                assertTrue(nsd.awaitSerial(ZONE, S1, Duration.ofSeconds(20)), nsd.log());

                Update u = new Update(ZONE);
                u.add(Name.fromString("onward", ZONE), Type.TXT, 300, "\"through the chain\"");
                SimpleResolver r = new SimpleResolver(bind.address());
                r.setTSIGKey(InteropZones.KEY_256.toTsig());
                r.setTCP(true);
                Message response = r.send(u);
                assertEquals(Rcode.NOERROR, response.getRcode());

                assertTrue(nsd.awaitSerial(ZONE, S1 + 1, Duration.ofSeconds(10)), nsd.log());
                assertEquals(List.of("\"through the chain\""), Dig.shortAnswer(nsdPort, "onward." + ZONE, "TXT"));
                assertEquals(Type.IXFR, tomldns.xfr().secondaries().lastTransferType(ZONE));
                assertEquals(1, tomldns.xfr().responder().incrementalTransfers());
            }
        }
    }
}
