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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Interop scenario 1: BIND 9 as primary, tomldns as secondary. The first copy comes by AXFR; a
 * change on BIND (a signed dynamic update) is announced by NOTIFY and served by tomldns within two
 * seconds, transferred by IXFR. The copy is served on (AXFR to a further secondary), survives a
 * restart with the primary down, and a zone past its SOA expire answers SERVFAIL.
 */
class BindPrimaryTomldnsSecondaryTest {
    static final Name ZONE = InteropZones.name("bind-primary.test.");
    static final Name SHORT = InteropZones.name("short-expire.test.");
    static final long S1 = 2026112801L;

    @TempDir Path dir;

    @Test
    void notifiedChangeArrivesByIxfrWithinTwoSeconds() throws Exception {
        int tomldnsPort = PeerServer.freePort();
        try (BindPeer bind = bind(tomldnsPort)) {
            bind.start();
            try (Tomldns tomldns = new Tomldns(config(bind.port(), tomldnsPort), tomldnsPort)) {
                assertTrue(awaitSerial(tomldnsPort, ZONE, S1, Duration.ofSeconds(10)), bind.log());
                assertEquals(Type.AXFR, tomldns.xfr().secondaries().lastTransferType(ZONE));
                assertSameData(bind.port(), tomldnsPort);

                long sent = System.nanoTime();
                update(bind, "added", "\"added on the primary\"");
                assertTrue(awaitSerial(tomldnsPort, ZONE, S1 + 1, Duration.ofSeconds(2)),
                        "tomldns did not serve serial " + (S1 + 1) + " within 2 s\n" + bind.log());
                long ms = (System.nanoTime() - sent) / 1_000_000;
                assertEquals(Type.IXFR, tomldns.xfr().secondaries().lastTransferType(ZONE), "took " + ms + " ms");
                assertEquals(List.of("\"added on the primary\""), Dig.shortAnswer(tomldnsPort, "added." + ZONE, "TXT"));
                assertSameData(bind.port(), tomldnsPort);

                // Served onward: a further secondary may AXFR our copy, signed, as a user types it.
                String axfr = Dig.run(tomldnsPort, "-y", "hmac-sha256:" + InteropZones.KEY_256.name() + ":"
                        + InteropZones.KEY_256.secretBase64(), ZONE.toString(), "AXFR");
                assertTrue(axfr.contains("added on the primary"), axfr);
                assertTrue(axfr.contains("XFR size: 13 records"), axfr);
            }
        }
    }

    @Test
    void restartWithPrimaryDownServesStoredCopyAndExpiredZoneAnswersServfail() throws Exception {
        int tomldnsPort = PeerServer.freePort();
        ServerConfig config;
        try (BindPeer bind = bind(tomldnsPort)) {
            bind.start();
            config = config(bind.port(), tomldnsPort);
            try (Tomldns tomldns = new Tomldns(config, tomldnsPort)) {
                assertTrue(awaitSerial(tomldnsPort, ZONE, S1, Duration.ofSeconds(10)), bind.log());
                assertTrue(awaitSerial(tomldnsPort, SHORT, S1, Duration.ofSeconds(10)), bind.log());
                update(bind, "added", "\"before the restart\"");
                assertTrue(awaitSerial(tomldnsPort, ZONE, S1 + 1, Duration.ofSeconds(5)), bind.log());
                bind.close();
                // SOA expire of SHORT is 3 s: without its primary it must stop being served.
                assertTrue(awaitRcode(tomldnsPort, SHORT, Rcode.SERVFAIL, Duration.ofSeconds(8)));
                assertEquals(S1 + 1, serial(tomldnsPort, ZONE));
            }
        }
        // Restart with the primary gone: the stored copy is served at once.
        try (Tomldns restarted = new Tomldns(config, tomldnsPort)) {
            assertEquals(S1 + 1, serial(tomldnsPort, ZONE));
            assertEquals(List.of("\"before the restart\""), Dig.shortAnswer(tomldnsPort, "added." + ZONE, "TXT"));
            assertEquals(List.of("0 issue \"letsencrypt.org\"", "128 iodef \"mailto:security@example.net\""),
                    Dig.shortAnswer(tomldnsPort, ZONE.toString(), "CAA"));
            assertEquals(Rcode.SERVFAIL, query(tomldnsPort, SHORT, Type.SOA).getRcode());
        }
    }

    private BindPeer bind(int tomldnsPort) throws Exception {
        return new BindPeer(dir.resolve("bind"), List.of(
                PeerZone.primary(ZONE, InteropZones.rfc1035(ZONE, S1, 3), InteropZones.KEY_256, List.of(tomldnsPort)),
                PeerZone.primary(SHORT, InteropZones.rfc1035(SHORT, S1, 0, 1, 1, 3), InteropZones.KEY_256,
                        List.of(tomldnsPort))));
    }

    private ServerConfig config(int bindPort, int tomldnsPort) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, """
                listen = ["127.0.0.1:%d"]
                data-dir = "%s"

                [[key]]
                name = "%s"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[secondary]]
                zone = "%s"
                primaries = ["127.0.0.1:%d"]
                key = "%s"
                allow-transfer = [ { key = "%s" } ]

                [[secondary]]
                zone = "%s"
                primaries = ["127.0.0.1:%d"]
                key = "%s"
                """.formatted(tomldnsPort, dir.resolve("data"), InteropZones.KEY_256.name(),
                InteropZones.KEY_256.secretBase64(), ZONE, bindPort, InteropZones.KEY_256.name(),
                InteropZones.KEY_256.name(), SHORT, bindPort, InteropZones.KEY_256.name()));
        return ServerConfigReader.read(f);
    }

    /** A signed RFC 2136 update: BIND raises the serial, journals the change and sends NOTIFY. */
    private static void update(BindPeer bind, String label, String txt) throws Exception {
        Update u = new Update(ZONE);
        u.add(Name.fromString(label, ZONE), Type.TXT, 300, txt);
        SimpleResolver r = new SimpleResolver(bind.address());
        r.setTSIGKey(InteropZones.KEY_256.toTsig());
        r.setTCP(true);
        r.setTimeout(Duration.ofSeconds(5));
        Message response = r.send(u);
        assertEquals(Rcode.NOERROR, response.getRcode(), response.toString());
    }

    private static void assertSameData(int bindPort, int ours) throws Exception {
        for (String[] q : new String[][] {{ZONE.toString(), "CAA"}, {ZONE.toString(), "TXT"},
                {"_dmarc." + ZONE, "TXT"}, {"h2." + ZONE, "A"}}) {
            List<String> expected = Dig.shortAnswer(bindPort, q[0], q[1], "+unknownformat");
            assertFalse(expected.isEmpty(), "BIND has no " + q[1] + " at " + q[0]);
            assertEquals(expected, Dig.shortAnswer(ours, q[0], q[1], "+unknownformat"), q[0] + " " + q[1]);
        }
    }

    private static Message query(int port, Name name, int type) throws Exception {
        SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress(PeerServer.LOOPBACK, port));
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, org.xbill.DNS.DClass.IN)));
    }

    private static long serial(int port, Name zone) throws Exception {
        return query(port, zone, Type.SOA).getSection(1).stream().filter(r -> r.getType() == Type.SOA)
                .mapToLong(r -> ((org.xbill.DNS.SOARecord) r).getSerial()).findFirst().orElse(-1);
    }

    private static boolean awaitSerial(int port, Name zone, long serial, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (serial(port, zone) == serial) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean awaitRcode(int port, Name zone, int rcode, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (query(port, zone, Type.SOA).getRcode() == rcode) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
