package dev.tomldns.xfr;

import dev.tomldns.testing.NotifySecondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.NotifyTarget;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.security.TsigKey;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * RFC 1996 §3.6 as the one NOTIFY sender does it for both also-notify lists: a signed NOTIFY is retransmitted as the
 * same message (same ID, signed), a newer serial supersedes an older one still being retried (which is then not
 * counted), and a secondary listed twice for a zone hears once, from its first (signed) entry. Secondaries here are
 * UDP sockets on loopback.
 */
class Rfc1996NotifySenderTest {
    private static final Name KEY = name("notify-key.");
    private static final TsigKeyring KEYRING = new TsigKeyring(Map.of(KEY,
            TsigKey.of("notify-key.", "hmac-sha256", "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ=")));

    @Test
    void aSignedRetransmissionIsTheSameMessageAndCountsOnce() throws Exception {
        MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
        try (NotifySecondary secondary = new NotifySecondary(new Skip(1));
             NotifySender sender = new NotifySender(KEYRING, metrics, Duration.ofMillis(200), 4)) {
            sender.send(zone(7), List.of(new NotifyTarget(secondary.address(), KEY)));
            Message a = secondary.next();
            Message b = secondary.next();
            assertEquals(a.getHeader().getID(), b.getHeader().getID(), "a retransmission keeps its ID");
            assertNotNull(a.getTSIG(), "signed with the target's key");
            assertNotNull(b.getTSIG(), "the retransmission is signed too");
            await(() -> count(metrics, "ok") == 1);
            assertEquals(0.0, count(metrics, "failed"));
        }
    }

    @Test
    void aNewerSerialSupersedesAnOlderOneStillBeingRetried() throws Exception {
        MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
        // Answers serial 2 only: serial 1 would be retried 5 times (300 ms, then twice as long each time).
        try (NotifySecondary secondary = new NotifySecondary(m -> serial(m) < 2);
             NotifySender sender = new NotifySender(KEYRING, metrics, Duration.ofMillis(300), 5)) {
            InetSocketAddress target = secondary.address();
            sender.send(zone(1), List.of(new NotifyTarget(target, null)));
            assertEquals(1, serial(secondary.next()));
            sender.send(zone(2), List.of(new NotifyTarget(target, null)));
            await(() -> count(metrics, "ok") == 1);
            // The serial 1 delivery stops at its next attempt: within 600 ms, and sends at most one more (a race
            // with the check) before it does.
            Thread.sleep(2000);
            long ones = secondary.drain().stream().filter(m -> serial(m) == 1).count();
            assertTrue(ones <= 1, ones + " more NOTIFY for serial 1 after serial 2 was queued");
            assertEquals(1.0, count(metrics, "ok"));
            assertEquals(0.0, count(metrics, "failed"), "a superseded NOTIFY is not counted");
        }
    }

    @Test
    void aSecondaryListedTwiceHearsOnceFromItsFirstEntry() throws Exception {
        MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
        try (NotifySecondary secondary = new NotifySecondary(m -> false);
             NotifySender sender = new NotifySender(KEYRING, metrics, Duration.ofMillis(200), 3)) {
            InetSocketAddress target = secondary.address();
            sender.send(zone(3), List.of(new NotifyTarget(target, KEY), new NotifyTarget(target, null)));
            assertNotNull(secondary.next().getTSIG(), "the first (signed) entry wins");
            await(() -> count(metrics, "ok") == 1);
            Thread.sleep(1000); // a second NOTIFY would come within this
            assertEquals(List.of(), secondary.drain());
            assertEquals(1.0, count(metrics, "ok"));
        }
    }

    private static Zone zone(long serial) {
        ZoneFile f = new ZoneFileReader().parse(Path.of("sender.test.toml"), """
                origin = "sender.test."
                [soa]
                mname = "ns1.sender.test."
                rname = "hostmaster.sender.test."
                serial = %d

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1.sender.test."
                """.formatted(serial));
        assertTrue(f.ok(), f.diagnostics().toString());
        return f.zone();
    }

    private static long serial(Message m) {
        return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
    }

    private static double count(MicrometerDnsMetrics metrics, String result) {
        var c = metrics.registry().find("dns.notifies").tags("direction", "out", "result", result).counter();
        return c == null ? 0 : c.count();
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Ignores the first {@code n} NOTIFYs. */
    private static final class Skip implements Predicate<Message> {
        private int left;

        Skip(int n) {
            left = n;
        }

        @Override
        public boolean test(Message m) {
            return left-- > 0;
        }
    }
}
