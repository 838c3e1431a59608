package dev.tomldns.cli;

import dev.tomldns.testing.LogCapture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.xfr.SecondaryZoneManager;
import dev.tomldns.xfr.TransferResponder;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Zone transfers (RFC 5936, RFC 1995) and NOTIFY (RFC 1996) are counted in {@code dns_transfers_total} and
 * {@code dns_notifies_total} by direction and outcome, each refusal is logged with the client and why, and a
 * secondary zone is in readiness and the serial gauge like a zone file: not ready until its first transfer.
 */
class TransferAndNotifyMetricsTest {
    private static final Name XFR = Name.fromConstantString("xfr.test.");

    @TempDir
    Path dir;

    @Test
    void axfrToAnAllowedAndARefusedClientIsCountedAndTheRefusalLogged() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Cli.zone(zones, "xfr.test", Cli.record("www", "A", "192.0.2.7"));
        Path conf = config("primary.toml", zones, """
                [[zone]]
                name = "xfr.test."
                allow-transfer = ["127.0.0.2"]
                """);
        try (WiredServer server = new WiredServer(conf, 0);
             LogCapture log = new LogCapture(TransferResponder.class)) {
            ZoneTransferIn allowed = ZoneTransferIn.newAXFR(XFR, server.address(), null);
            allowed.setLocalAddress(new InetSocketAddress("127.0.0.2", 0));
            allowed.setTimeout(Duration.ofSeconds(5));
            allowed.run();
            assertEquals(5, allowed.getAXFR().size(), "SOA, NS, two A, SOA");

            ZoneTransferIn outside = ZoneTransferIn.newAXFR(XFR, server.address(), null);
            outside.setLocalAddress(new InetSocketAddress("127.0.0.1", 0));
            outside.setTimeout(Duration.ofSeconds(5));
            ZoneTransferException refused = assertThrows(ZoneTransferException.class, outside::run);
            assertEquals("REFUSED", refused.getMessage());

            WiredServer.await(5, () -> server.count("dns.transfers", "direction", "out", "result", "refused") == 1,
                    () -> server.metrics.registry().find("dns.transfers").counters().toString());
            assertEquals(1.0, server.count("dns.transfers", "direction", "out", "result", "ok"));
            assertEquals(0.0, server.count("dns.transfers", "direction", "out", "result", "failed"));
            String scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) server.metrics.registry())
                    .scrape();
            assertTrue(scrape.contains("dns_transfers_total{direction=\"out\",result=\"ok\"} 1.0")
                    && scrape.contains("dns_transfers_total{direction=\"out\",result=\"refused\"} 1.0"), scrape);
            assertTrue(log.lines().contains("INFO AXFR of xfr.test. refused to 127.0.0.1: not in allow-transfer "
                    + "(unsigned)"), log.lines().toString());
        }
    }

    @Test
    void secondaryIsNotReadyUntilItsFirstTransferThenExportsItsSerialAndCountsTransfersAndNotify()
            throws Exception {
        int primaryPort = freePort();
        Path secondaryZones = Files.createDirectories(dir.resolve("secondary-zones"));
        Path secondaryConf = config("secondary.toml", secondaryZones, """
                [[secondary]]
                zone = "sec.test."
                primaries = ["127.0.0.1:%d"]

                [[secondary]]
                zone = "denied.test."
                primaries = ["127.0.0.1:%d"]
                """.formatted(primaryPort, primaryPort));
        try (WiredServer secondary = new WiredServer(secondaryConf, 0);
             LogCapture log = new LogCapture(SecondaryZoneManager.class)) {
            // No primary answers yet: both zones have no copy, and /ready says so by name.
            String before = secondary.readiness.check().detail();
            assertFalse(secondary.readiness.check().ready(), before);
            assertTrue(before.startsWith("2 zone(s) not served") && before.contains("sec.test.: secondary: no copy yet")
                    && before.contains("denied.test.: secondary: no copy yet"), before);

            Path primaryZones = Files.createDirectories(dir.resolve("primary-zones"));
            Cli.zone(primaryZones, "sec.test", Cli.record("www", "A", "192.0.2.8"));
            Cli.zone(primaryZones, "denied.test", "");
            Path primaryConf = config("primary.toml", primaryZones, """
                    [[zone]]
                    name = "sec.test."
                    allow-transfer = ["127.0.0.1"]
                    also-notify = ["127.0.0.1:%d"]

                    [[zone]]
                    name = "denied.test."
                    also-notify = ["127.0.0.1:%d"]
                    """.formatted(secondary.port, primaryPort));
            // The primary notifies the secondary of sec.test. (accepted: it comes from the configured primary) and
            // itself of denied.test. (refused: not a secondary zone there).
            try (WiredServer primary = new WiredServer(primaryConf, primaryPort)) {
                // sec.test. is transferred on the primary's NOTIFY; denied.test. is refused at its next retry (5 s).
                WiredServer.await(20, () -> !secondary.readiness.check().detail().contains("sec.test.")
                                && secondary.readiness.check().detail().contains("REFUSED"),
                        () -> secondary.readiness.check().detail());
                String after = secondary.readiness.check().detail();
                assertTrue(after.startsWith("1 zone(s) not served; denied.test.: secondary: no copy yet, last transfer "
                        + "attempt failed: ") && after.contains("REFUSED"), after);
                assertEquals(1.0, secondary.metrics.registry().get("dns.zone.serial").tag("zone", "sec.test.")
                        .gauge().value());

                WiredServer.await(10, () -> primary.count("dns.notifies", "direction", "out", "result", "ok") == 1
                                && primary.count("dns.notifies", "direction", "out", "result", "refused") == 1,
                        () -> primary.metrics.registry().find("dns.notifies").counters().toString());
                assertEquals(1.0, primary.count("dns.notifies", "direction", "in", "result", "refused"));
                assertTrue(secondary.count("dns.notifies", "direction", "in", "result", "ok") >= 1);
                assertTrue(secondary.count("dns.transfers", "direction", "in", "result", "ok") >= 1);
                assertTrue(secondary.count("dns.transfers", "direction", "in", "result", "refused") >= 1);
                assertTrue(primary.count("dns.transfers", "direction", "out", "result", "ok") >= 1);
                assertTrue(primary.count("dns.transfers", "direction", "out", "result", "refused") >= 1);

                // A NOTIFY from a stranger's zone is refused, counted and logged with who and why.
                double refusedBefore = secondary.count("dns.notifies", "direction", "in", "result", "refused");
                Message answer = notify(secondary.address(), "other.test.");
                assertEquals(Rcode.REFUSED, answer.getRcode());
                assertEquals(refusedBefore + 1, secondary.count("dns.notifies", "direction", "in", "result", "refused"));
                assertTrue(log.lines().contains("INFO NOTIFY for other.test. from 127.0.0.1 refused: not a secondary "
                        + "zone here"), log.lines().toString());
            }
        }
    }

    private Path config(String name, Path zones, String body) throws IOException {
        Path conf = dir.resolve(name);
        Files.writeString(conf, "zones = \"" + zones + "\"\ndata-dir = \"" + dir.resolve(name + ".data") + "\"\n"
                + body);
        return conf;
    }

    private static Message notify(InetSocketAddress server, String zone) throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(Duration.ofSeconds(3));
        return r.send(m);
    }

    /** A port free for both UDP and TCP on 127.0.0.1, for a server that must start later on a known port. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }
}
