package dev.tomldns.reload;

import dev.tomldns.testing.NotifySecondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.NotifyTarget;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.xfr.NotifySender;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 1996: after a zone's serial changes, NOTIFY goes to each {@code also-notify} address, is retransmitted until
 * answered (§3.6), and stops after a bounded number of attempts. The secondary here is a UDP socket on loopback.
 */
class Rfc1996NotifyTest {
    @TempDir
    Path dir;

    @Test
    void notifyIsRetriedUntilAnsweredAndSentAgainForEachNewSerial() throws Exception {
        try (NotifySecondary secondary = NotifySecondary.ignoringFirst(1)) {
            Path org = zoneWithAlsoNotify(secondary.address());
            ZoneRegistry registry = new ZoneRegistry();
            Reloader reloader = new Reloader(dir, registry);
            try (NotifySender sender = sender(Duration.ofMillis(200), 4)) {
                reloader.addListener(change -> notifyFileTargets(sender, change));
                reloader.reload();
                long first = registry.current().zones().iterator().next().serial();

                // The first NOTIFY goes unanswered, its retransmission is answered.
                Message a = secondary.next();
                Message b = secondary.next();
                for (Message m : List.of(a, b)) {
                    assertNotify(m, first);
                }
                assertEquals(a.getHeader().getID(), b.getHeader().getID(), "a retransmission keeps its ID");

                LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\"");
                reloader.reload();
                long second = registry.current().zones().iterator().next().serial();
                assertTrue(second > first);
                assertNotify(secondary.next(), second);

                // A reload that changes nothing sends nothing.
                reloader.reload();
                assertEquals(null, secondary.poll(Duration.ofMillis(800)));
            }
        }
    }

    @Test
    void unansweredNotifyStopsAfterBoundedAttempts() throws Exception {
        try (NotifySecondary silent = new NotifySecondary(m -> true)) {
            zoneWithAlsoNotify(silent.address());
            Reloader reloader = new Reloader(dir, new ZoneRegistry());
            try (NotifySender sender = sender(Duration.ofMillis(100), 3)) {
                reloader.addListener(change -> notifyFileTargets(sender, change));
                reloader.reload();
                // 100 + 200 + 400 ms of waiting, then it gives up.
                List<Message> got = new ArrayList<>();
                Message m;
                while ((m = silent.poll(Duration.ofMillis(1500))) != null) {
                    got.add(m);
                }
                assertEquals(3, got.size(), "attempts: " + got.size());
            }
        }
    }

    @Test
    void alsoNotifyTakesAddressesWithOptionalPortsAndNamesTheLineOfABadOne() throws Exception {
        String zone = """
                also-notify = ["192.0.2.2", "127.0.0.1:5301", "[::1]:5302", "2001:db8::2"]
                [soa]
                mname = "ns.t."
                rname = "h.t."
                """;
        ZoneFile ok = new ZoneFileReader().parse(dir.resolve("t.toml"), zone);
        assertTrue(ok.ok(), ok.diagnostics().toString());
        assertEquals(List.of(new InetSocketAddress("192.0.2.2", 53), new InetSocketAddress("127.0.0.1", 5301),
                new InetSocketAddress("::1", 5302), new InetSocketAddress("2001:db8::2", 53)), ok.alsoNotify());

        ZoneFile bad = new ZoneFileReader().parse(dir.resolve("t.toml"),
                "# secondaries\n" + zone.replace("\"192.0.2.2\"", "\"ns2.example.net\""));
        assertEquals(null, bad.zone());
        assertEquals(1, bad.errors().size(), bad.diagnostics().toString());
        assertTrue(bad.errors().get(0).toString().startsWith(dir.resolve("t.toml") + ":2: also-notify: "
                + "'ns2.example.net' is not an IP address"), bad.errors().toString());
    }

    private static NotifySender sender(Duration timeout, int attempts) {
        return new NotifySender(TsigKeyring.EMPTY, DnsMetrics.NOOP, timeout, attempts);
    }

    /** What {@code serve} does with a reload (through the transfer services): the file's targets, unsigned. */
    private static void notifyFileTargets(NotifySender sender, ZoneReload change) {
        if (!change.toNotify().isEmpty()) {
            sender.send(change.newZone(), change.toNotify().stream().map(a -> new NotifyTarget(a, null)).toList());
        }
    }

    private Path zoneWithAlsoNotify(InetSocketAddress secondary) throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.org.toml");
        Files.delete(dir.resolve("example.net.toml"));
        Files.writeString(org, "also-notify = [\"127.0.0.1:" + secondary.getPort() + "\"]\n" + Files.readString(org));
        return org;
    }

    private static void assertNotify(Message m, long serial) {
        assertEquals(Opcode.NOTIFY, m.getHeader().getOpcode());
        assertTrue(m.getHeader().getFlag(Flags.AA), "AA set (RFC 1996 §3.7)");
        assertEquals("example.org.", m.getQuestion().getName().toString());
        assertEquals(Type.SOA, m.getQuestion().getType());
        SOARecord soa = (SOARecord) m.getSection(Section.ANSWER).get(0);
        assertEquals(serial, soa.getSerial());
    }
}
