package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Proves the harness: each real server starts on a free loopback port and serves a throwaway zone. */
class PeerServerHarnessTest {
    static final Name ZONE = InteropZones.name("harness.test.");

    @TempDir Path dir;

    private void assertServes(PeerServer server) throws Exception {
        try (server) {
            server.start();
            assertEquals(2026010101L, server.serial(ZONE), server.log());
            Message caa = server.query(ZONE, Type.CAA, true);
            assertEquals(Rcode.NOERROR, caa.getRcode());
            assertEquals(java.util.Set.of("0 issue \"letsencrypt.org\"", "128 iodef \"mailto:security@example.net\""),
                    caa.getSection(1).stream().map(r -> r.rdataToString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    private static List<PeerZone> zone() {
        return List.of(PeerZone.primary(ZONE, InteropZones.rfc1035(ZONE, 2026010101L, 3), null, List.of()));
    }

    @Test
    void bindServesAThrowawayZone() throws Exception {
        assertServes(new BindPeer(dir.resolve("bind"), zone()));
    }

    @Test
    void nsdServesAThrowawayZone() throws Exception {
        assertServes(new NsdPeer(dir.resolve("nsd"), zone()));
    }

    @Test
    void knotServesAThrowawayZone() throws Exception {
        assertServes(new KnotPeer(dir.resolve("knot"), zone()));
    }
}
