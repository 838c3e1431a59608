package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 3, "no query is lost": a steady UDP stream against the real server while the zone file is rewritten
 * {@value #VERSIONS} times, half in place and half by rename. Every query must be answered, and every answer must be
 * wholly one written version: in version N, {@code probe} is a CNAME to {@code vN} whose address encodes N, so an
 * answer that followed the CNAME of one version into the data of another shows two numbers (or a dangling chain).
 * No client may see a version older than one it already saw.
 */
class HotReloadUnderLoadTest {
    static final int VERSIONS = 120;
    private static final int CLIENTS = 4;
    private static final Duration WRITE_INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void everyQueryAnsweredWithOneWholeVersionWhileTheFileIsRewritten() throws Exception {
        Path zone = dir.resolve("load.test.toml");
        Files.writeString(zone, version(0));
        long[] writtenAt = new long[VERSIONS + 1];
        AtomicLongArray firstSeenAt = new AtomicLongArray(VERSIONS + 1);
        AtomicLong answered = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        try (LiveServer s = LiveServer.start(dir)) {
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new Thread(() -> {
                    int newest = 0;
                    try (UdpClient client = new UdpClient(s.address, Duration.ofSeconds(2))) {
                        while (running.get()) {
                            Message m = client.askOrNull(Fixture.query("probe.load.test.", Type.A));
                            if (m == null) {
                                lost.incrementAndGet();
                                continue;
                            }
                            answered.incrementAndGet();
                            int v = versionOf(m, wrong);
                            if (v < 0) {
                                continue;
                            }
                            if (v < newest) {
                                wrong.add("went back from version " + newest + " to " + v);
                            }
                            newest = Math.max(newest, v);
                            if (seen.add(v)) {
                                firstSeenAt.compareAndSet(v, 0, System.nanoTime());
                            }
                        }
                    } catch (Exception e) {
                        wrong.add("client failed: " + e);
                    }
                }, "load-client-" + c));
            }
            clients.forEach(Thread::start);
            long start = System.nanoTime();
            Thread.sleep(500);
            for (int v = 1; v <= VERSIONS; v++) {
                writtenAt[v] = System.nanoTime();
                if (v % 2 == 0) {
                    LiveServer.writeAtomically(zone, version(v));
                } else {
                    Files.writeString(zone, version(v), StandardCharsets.UTF_8); // truncate and write in place
                }
                Thread.sleep(WRITE_INTERVAL.toMillis());
            }
            Thread.sleep(1000);
            running.set(false);
            for (Thread t : clients) {
                t.join(5000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> latencies = new ArrayList<>();
            for (int v = 1; v <= VERSIONS; v++) {
                if (firstSeenAt.get(v) != 0) {
                    latencies.add((firstSeenAt.get(v) - writtenAt[v]) / 1_000_000);
                }
            }
            Collections.sort(latencies);
            assertTrue(!latencies.isEmpty(), "no new version was ever served; wrong answers: "
                    + List.copyOf(wrong).subList(0, Math.min(10, wrong.size())));
            System.out.printf("hot reload under load: %d queries in %.1f s (%.0f/s), %d lost, %d wrong; %d of %d "
                            + "versions seen; write->answer median %d ms, worst %d ms; %d reloads, %s%n",
                    answered.get() + lost.get(), seconds, answered.get() / seconds, lost.get(), wrong.size(),
                    seen.size() - 1, VERSIONS, latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1), s.hot.reloader().state().reloads(),
                    s.hot.reloader().state().failingFiles().isEmpty() ? "last reload clean" : "last reload failed");
            assertEquals(0, lost.get(), "unanswered queries");
            assertEquals(List.of(), List.copyOf(wrong).subList(0, Math.min(10, wrong.size())), "wrong answers");
            assertTrue(seen.contains(VERSIONS), "the last version must be served");
            assertTrue(answered.get() / seconds > 2000, "the stream must be steady: " + answered.get() / seconds + "/s");
        }
    }

    /** The version an answer for probe carries in both its CNAME and the A it leads to, or -1 (reported). */
    private static int versionOf(Message m, ConcurrentLinkedQueue<String> wrong) {
        if (m.getRcode() != Rcode.NOERROR) {
            wrong.add("rcode " + Rcode.string(m.getRcode()));
            return -1;
        }
        int fromCname = -1;
        int fromA = -1;
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c) {
                fromCname = Integer.parseInt(c.getTarget().getLabelString(0).substring(1));
            } else if (r instanceof ARecord a) {
                byte[] ip = a.getAddress().getAddress();
                fromA = (ip[2] & 0xff) * 256 + (ip[3] & 0xff);
            }
        }
        if (fromA < 0 || fromA != fromCname || fromA > VERSIONS) {
            wrong.add("CNAME says " + fromCname + ", A says " + fromA + ": " + m.getSection(Section.ANSWER));
            return -1;
        }
        return fromA;
    }

    /** Version {@code v}: records first and the SOA table last, so no prefix of the file is a valid zone. */
    static String version(int v) {
        return """
                # load test zone, version %d
                records = [
                  { name = "@",     type = "NS",  data = "ns" },
                  { name = "ns",    type = "A",   data = "192.0.2.1" },
                  { name = "probe", type = "CNAME", data = "v%d" },
                  { name = "v%d",   type = "A",   data = "10.0.%d.%d" },
                ]

                [soa]
                mname = "ns.load.test."
                rname = "hostmaster.load.test."
                """.formatted(v, v, v, v / 256, v % 256);
    }
}
