package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.KnotPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.testing.Tools;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Each update reaches the secondaries: into the IXFR history, NOTIFY to also-notify, and a Knot secondary has the
 * new serial and record by IXFR within 2 s of the NOERROR; with {@code notify-ns}, the zone's NS hosts other than the
 * SOA MNAME are notified too (RFC 1996 §3.7).
 */
class UpdatePropagationIT {
    static final String ZONE = "propagate.test.";
    static final String SECRET = "cHJvcGFnYXRlLWtleS1wcm9wYWdhdGUta2V5IQ==";
    static final String KEY = "hmac-sha256:writer:" + SECRET;

    @TempDir Path dir;

    private void writeZoneAndConfig(String zoneExtra, String configExtra) throws Exception {
        UpdateSetup.write(dir, ZONE, 1000L, zoneExtra, SECRET, "\"TXT\", \"A\"", configExtra);
    }

    private Tools.Result nsupdate(int port, String... commands) throws Exception {
        StringBuilder script = new StringBuilder("server 127.0.0.1 " + port + "\nzone " + ZONE + "\n");
        for (String c : commands) {
            script.append(c).append('\n');
        }
        script.append("send\n");
        Path file = Files.createTempFile(dir, "nsupdate", ".txt");
        Files.writeString(file, script);
        return Tools.run("nsupdate", "-t", "3", "-y", KEY, file.toString());
    }

    @Test
    void knotGetsEachUpdateByIxfrWithinTwoSeconds() throws Exception {
        int knotPort = PeerServer.freePort();
        writeZoneAndConfig("""

                [[records]]
                name = "ns1"
                type = "A"
                data = "127.0.0.1"
                """, """
                allow-transfer = ["127.0.0.1"]
                also-notify = ["127.0.0.1:%d"]
                """.formatted(knotPort));
        Name zone = Name.fromString(ZONE);
        try (ServeProcess server = new ServeProcess(dir).start(ZONE);
                KnotPeer knot = new KnotPeer(dir.resolve("knot"), List.of(PeerZone.secondary(zone, server.port, null)),
                        knotPort)) {
            knot.start();
            assertTrue(knot.awaitSerial(zone, 1000, Duration.ofSeconds(20)), knot.log());
            for (int i = 1; i <= 3; i++) {
                Tools.Result r = nsupdate(server.port, "update add host" + i + "." + ZONE + " 60 A 192.0.2." + i);
                assertEquals(0, r.exit(), r.out());
                long acknowledged = System.nanoTime();
                assertTrue(knot.awaitSerial(zone, 1000 + i, Duration.ofSeconds(2)),
                        "Knot did not have serial " + (1000 + i) + " within 2 s\n" + knot.log());
                long ms = (System.nanoTime() - acknowledged) / 1_000_000;
                Message answer = knot.query(Name.fromString("host" + i + "." + ZONE), Type.A, false);
                assertEquals("192.0.2." + i, answer.getSection(Section.ANSWER).get(0).rdataToString(),
                        "after " + ms + " ms");
            }
            assertTrue(knot.log().contains("IXFR, incoming"), knot.log());
            // tomldns wait-serial: an ACME hook waits on it instead of sleeping. Explicit servers, then the zone's
            // NS hosts as the primary serves them (ns1 is 127.0.0.1: tomldns itself, asked on its port).
            assertEquals(0, waitSerial(ZONE, "1003", "--ns", "127.0.0.1:" + knotPort, "--ns",
                    "127.0.0.1:" + server.port, "--timeout", "5").exit());
            Tools.Result discovered = waitSerial(ZONE, "1003", "--server", "127.0.0.1:" + server.port, "--port",
                    String.valueOf(server.port), "--timeout", "5");
            assertEquals(0, discovered.exit(), discovered.out());
            assertTrue(discovered.out().contains("ns1.propagate.test./127.0.0.1 serves propagate.test. serial 1003"),
                    discovered.out());
            Tools.Result late = waitSerial(ZONE, "1004", "--ns", "127.0.0.1:" + knotPort, "--timeout", "1");
            assertEquals(1, late.exit(), late.out());
            assertTrue(late.out().contains("127.0.0.1:" + knotPort + " still serves serial 1003"), late.out());
        }
    }

    private static Tools.Result waitSerial(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("java", "-jar", ServeProcess.JAR.toString(),
                "wait-serial"));
        cmd.addAll(List.of(args));
        return Tools.run(cmd);
    }

    @Test
    void notifyNsReachesTheNsHostsButNotTheMname() throws Exception {
        // The zone's primary is ns1 (the SOA MNAME); ns2 is a secondary at 127.0.0.2, port 53 as RFC 1996 §3.7 has it.
        writeZoneAndConfig("""

                [[records]]
                name = "@"
                type = "NS"
                data = "ns2"

                [[records]]
                name = "ns1"
                type = "A"
                data = "127.0.0.3"

                [[records]]
                name = "ns2"
                type = "A"
                data = "127.0.0.2"
                """, "notify-ns = true\n");
        try (DatagramSocket ns2 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 53));
                DatagramSocket ns1 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 53));
                ServeProcess server = new ServeProcess(dir).start(ZONE)) {
            Tools.Result r = nsupdate(server.port, "update add x." + ZONE + " 60 TXT \"notify\"");
            assertEquals(0, r.exit(), r.out());
            // The start-up load's NOTIFY (serial 1000, unanswered here, so retried) comes first; then the update's.
            ns2.setSoTimeout(3000);
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            long serial = 0;
            for (int i = 0; i < 10 && serial != 1001; i++) {
                ns2.receive(p);
                Message notify = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
                Record soa = notify.getSection(Section.ANSWER).get(0);
                serial = ((org.xbill.DNS.SOARecord) soa).getSerial();
            }
            assertEquals(1001, serial);
            ns1.setSoTimeout(1500);
            try {
                ns1.receive(p);
                throw new AssertionError("the MNAME host was notified: " + new Message(p.getData()));
            } catch (SocketTimeoutException expected) {
                // RFC 1996 §3.7: the primary master (MNAME) is not notified
            }
        }
    }
}
