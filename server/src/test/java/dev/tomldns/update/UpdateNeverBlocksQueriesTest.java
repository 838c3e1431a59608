package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.Reloader;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The query path never waits for an update: while an UPDATE cannot finish (a reload holds the zone, as a slow reload
 * of a big zone does, so the update thread waits for it), queries over UDP and TCP on the same single event loop are
 * answered at once, and the UPDATE's own reply comes only when the change is applied and on disk. Past
 * {@link UpdateService#QUEUE_LIMIT} waiting updates, a UDP update is dropped and a TCP one answered SERVFAIL, each
 * counted. Real sockets, the real server wiring (one event-loop thread), a real resolver library.
 */
class UpdateNeverBlocksQueriesTest {
    static final String ZONE = "slow.test.";
    static final String SECRET = "c2xvdy11cGRhdGUta2V5LXNsb3ctdXBkYXRlLWtleSE=";

    @TempDir Path dir;
    MicrometerDnsMetrics metrics;
    Reloader reloader;
    UpdateService updates;
    DnsServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("slow.test.toml"), """
                [soa]
                mname = "ns1.slow.test."
                rname = "hostmaster.slow.test."
                serial = 1

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"

                [[records]]
                name = "www"
                type = "A"
                data = "192.0.2.1"
                """);
        Files.writeString(dir.resolve("tomldns.toml"), """
                zones = "zones"

                [[key]]
                name = "writer"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "slow.test."
                allow-update = [{ key = "writer", subtree = ["@"], types = ["TXT"] }]
                """.formatted(SECRET));
        ServerConfig settings = ServerConfigReader.read(dir.resolve("tomldns.toml"));
        metrics = MicrometerDnsMetrics.prometheus();
        ZoneRegistry registry = new ZoneRegistry();
        QueryProcessor processor = new QueryProcessor(registry, metrics, QueryLog.OFF);
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        reloader = new Reloader(zones, state, registry, Clock.systemUTC());
        DynamicZones dynamic = DynamicZones.in(state, settings.dataDir());
        reloader.setCheck(dynamic::merge);
        reloader.reload();
        updates = new UpdateService(registry, reloader, settings, dynamic, metrics, false, Clock.systemUTC());
        processor.setUpdateStage(updates);
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 1);
        port = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0).getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (updates != null) {
            updates.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void queriesAreAnsweredWhileAnUpdateWaitsAndItsReplyComesOnceApplied() throws Exception {
        // Warm up both transports (class loading and JIT of a cold JVM on a loaded machine take most of a second).
        query("www." + ZONE, false);
        query("www." + ZONE, true);
        CompletableFuture<Message> reply;
        synchronized (reloader) {
            // A reload in progress holds the reloader: the update thread waits for it.
            reply = CompletableFuture.supplyAsync(() -> send(update("held." + ZONE, "v1"), false));
            Thread.sleep(300);
            for (int i = 0; i < 20; i++) {
                boolean tcp = i % 4 == 3;
                long start = System.nanoTime();
                Message answer = query("www." + ZONE, tcp);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(Rcode.NOERROR, answer.getRcode(), "query " + i);
                assertEquals("192.0.2.1", answer.getSection(Section.ANSWER).get(0).rdataToString());
                assertTrue(ms < 1000, "query " + i + " (" + (tcp ? "tcp" : "udp") + ") took " + ms + " ms");
            }
            assertFalse(reply.isDone(), "the update was answered before it could be applied");
        }
        Message done = reply.get(10, TimeUnit.SECONDS);
        assertEquals(Rcode.NOERROR, done.getRcode());
        assertEquals("v1", txt(query("held." + ZONE, false)));
        assertTrue(Files.readString(dir.resolve("state/dynamic/slow.test.toml")).contains("held.slow.test."));
        assertEquals(1.0, count("applied"));
    }

    @Test
    void pastTheQueueLimitUdpUpdatesAreDroppedAndTcpOnesServfailCounted() throws Exception {
        int extra = 3;
        synchronized (reloader) {
            byte[] wire = update("same." + ZONE, "x").toWire(65535);
            try (DatagramSocket s = new DatagramSocket()) {
                // One runs (and waits for the reloader), QUEUE_LIMIT wait, the rest overflow.
                for (int i = 0; i < UpdateService.QUEUE_LIMIT + 1 + extra; i++) {
                    s.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
                }
                awaitCount("overloaded", extra);
                Message tcp = send(update("other." + ZONE, "y"), true);
                assertEquals(Rcode.SERVFAIL, tcp.getRcode());
                assertEquals(extra + 1, count("overloaded"));
                // Queries still get through meanwhile.
                assertEquals(Rcode.NOERROR, query("www." + ZONE, false).getRcode());
            }
        }
        // The queued ones run once the reloader is free: the first applies, the rest change nothing.
        awaitCount("unchanged", UpdateService.QUEUE_LIMIT);
        assertEquals(1.0, count("applied"));
        assertEquals("x", txt(query("same." + ZONE, false)));
    }

    private static String txt(Message answer) {
        return String.join(" ", ((TXTRecord) answer.getSection(Section.ANSWER).get(0)).getStrings());
    }

    private double count(String result) {
        var c = metrics.registry().find("dns.updates").tags("zone", ZONE, "result", result).counter();
        return c == null ? 0 : c.count();
    }

    private void awaitCount(String result, double n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (count(result) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dns_updates_total{result=" + result + "} is " + count(result) + ", not "
                        + n);
            }
            Thread.sleep(20);
        }
    }

    private static Message update(String name, String text) {
        try {
            Message m = SignedUpdate.addTxt(ZONE, name, 60, text);
            m.setTSIG(new TSIG(TSIG.HMAC_SHA256, "writer.", SECRET)); // for the raw datagrams
            return m;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Message send(Message m, boolean tcp) {
        try {
            return SignedUpdate.send(port, tcp, "writer.", SECRET, m, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Message query(String name, boolean tcp) throws IOException {
        return resolver(tcp, Duration.ofSeconds(2))
                .send(Message.newQuery(Record.newRecord(Name.fromString(name), nameType(name),
                        DClass.IN)));
    }

    private static int nameType(String name) {
        return name.startsWith("www.") ? Type.A : Type.TXT;
    }

    private SimpleResolver resolver(boolean tcp, Duration timeout) throws IOException {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTCP(tcp);
        r.setTimeout(timeout);
        return r;
    }
}
