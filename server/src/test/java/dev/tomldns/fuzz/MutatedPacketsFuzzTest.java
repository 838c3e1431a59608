package dev.tomldns.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tomldns.testing.Fixture;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Mutated packets from a corpus of real queries (plain, EDNS with DO, cookie, NSID and unknown options, TSIG-signed,
 * UPDATE, AXFR, IXFR, NOTIFY, ANY, DS, CHAOS, compressed names), sent over real UDP and TCP sockets to the daemon
 * ({@code serve --config} in its own JVM, with transfers, updates, RRL, NSID and cookies configured). Invariants:
 * no exception reaches Netty or is caught on the query path (its log, at debug level, says so), every reply parses
 * with dnsjava, and the server answers a normal query as before afterwards.
 *
 * <p>Seeded and reproducible: {@code -Dtomldns.fuzz.seed=N} replays a run, {@code -Dtomldns.fuzz.packets=N} sets
 * its length (20,000 by default, a few seconds); a failure names the seed, the packet and its octets.
 */
class MutatedPacketsFuzzTest {
    private static final String SECRET = "dG9tbGRucy1mdXp6LXRlc3Qta2V5LTI1Ni1iaXQtc2VjcmV0";
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern STARTED = Pattern.compile("started: dns \\[/127\\.0\\.0\\.1:(\\d+)\\]");
    /** Log lines that mean an exception was thrown on the query path or reached Netty. */
    private static final List<String> FAULTS = List.of("internal error answering", "fast path failed", "udp error",
            "closed after error", "rate limiting failed", "Exception in thread");

    @TempDir Path dir;

    @Test
    void mutatedQueriesNeverThrowAndEveryReplyParses() throws Exception {
        long seed = Long.getLong("tomldns.fuzz.seed", System.nanoTime());
        int packets = Integer.getInteger("tomldns.fuzz.packets", 20_000);
        Path log = dir.resolve("server.log");
        Process server = start(log);
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port(server, log));
            Message normal = Fixture.query("example.net.", Type.CAA);
            Message before = ask(address, normal);
            assertEquals(Rcode.NOERROR, before.getRcode());

            List<byte[]> corpus = corpus();
            Random random = new Random(seed);
            String context = "seed " + seed + " (replay: -Dtomldns.fuzz.seed=" + seed + ")";
            int tcpEvery = 4; // one packet in four over TCP
            List<byte[]> udpBatch = new ArrayList<>();
            List<byte[]> tcpBatch = new ArrayList<>();
            int replies = 0;
            long udpNanos = 0;
            long tcpNanos = 0;
            for (int i = 0; i < packets; i++) {
                byte[] p = mutate(corpus, random);
                (random.nextInt(tcpEvery) == 0 ? tcpBatch : udpBatch).add(p);
                if (udpBatch.size() == 250 || i == packets - 1) {
                    long t0 = System.nanoTime();
                    replies += udp(address, udpBatch, context + ", packets up to " + i);
                    udpNanos += System.nanoTime() - t0;
                    udpBatch.clear();
                }
                if (tcpBatch.size() == 25 || i == packets - 1) {
                    long t0 = System.nanoTime();
                    replies += tcp(address, tcpBatch, context + ", packets up to " + i);
                    tcpNanos += System.nanoTime() - t0;
                    tcpBatch.clear();
                }
            }
            System.out.println("fuzz: " + packets + " packets, " + replies + " replies (udp " + udpNanos / 1_000_000
                    + " ms, tcp " + tcpNanos / 1_000_000 + " ms), " + context);
            // Afterwards: the same answer to the same query, over both transports.
            Message after = ask(address, normal);
            assertEquals(before.getSection(Section.ANSWER), after.getSection(Section.ANSWER), context);
            Message tcpAfter = Message.newQuery(normal.getQuestion());
            SimpleResolver tcpResolver = new SimpleResolver(address);
            tcpResolver.setTCP(true);
            assertEquals(before.getSection(Section.ANSWER), tcpResolver.send(tcpAfter).getSection(Section.ANSWER));
            assertTrue(server.isAlive(), context);
            List<String> faults = faults(log);
            assertTrue(faults.isEmpty(), context + ": " + faults.size() + " faults in the server log, first: "
                    + faults.subList(0, Math.min(5, faults.size())));
            assertTrue(replies > packets / 2, context + ": only " + replies + " replies to " + packets + " packets");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Real queries of every shape the server handles. */
    private static List<byte[]> corpus() throws Exception {
        Name zone = Name.fromString("example.net.");
        List<byte[]> out = new ArrayList<>();
        out.add(Fixture.query("example.net.", Type.A).toWire());
        out.add(Fixture.query("mail2026._domainkey.example.net.", Type.TXT).toWire());
        out.add(Fixture.query("nope.example.net.", Type.AAAA).toWire());
        out.add(Fixture.query("example.net.", Type.ANY).toWire());
        out.add(Fixture.query("example.net.", Type.DS).toWire());
        out.add(withOpt(Fixture.query("example.net.", Type.SOA), ExtendedFlags.DO));
        out.add(withOpt(Fixture.query("example.net.", Type.CAA), 0, new CookieOption(new byte[8]),
                new NSIDOption(new byte[0]), new GenericEDNSOption(65001, new byte[] {1, 2, 3})));
        out.add(withOpt(Fixture.query("example.net.", Type.NS), 0,
                new CookieOption(HEX.parseHex("2464c4abcf10c957"), new byte[16])));
        Message signed = Fixture.query("example.net.", Type.SOA);
        signed.setTSIG(new TSIG(TSIG.HMAC_SHA256, "fuzz-key.", SECRET), Rcode.NOERROR, null);
        out.add(signed.toWire(65535));
        Update update = new Update(zone);
        update.add(Name.fromString("dyn.example.net."), Type.TXT, 60, "\"fuzz\"");
        update.setTSIG(new TSIG(TSIG.HMAC_SHA256, "fuzz-key.", SECRET), Rcode.NOERROR, null);
        out.add(update.toWire(65535));
        Update unsigned = new Update(zone);
        unsigned.delete(Name.fromString("www.example.net."), Type.A);
        out.add(unsigned.toWire());
        out.add(Fixture.query("example.net.", Type.AXFR).toWire());
        Message ixfr = Fixture.query("example.net.", Type.IXFR);
        ixfr.addRecord(new SOARecord(zone, DClass.IN, 0, zone, zone, 1, 0, 0, 0, 0), Section.AUTHORITY);
        out.add(ixfr.toWire());
        Message notify = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        notify.getHeader().setFlag(Flags.AA);
        out.add(notify.toWire());
        out.add(Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH)).toWire());
        // A question whose name is a compression pointer back into itself, and one to the header.
        out.add(HEX.parseHex("12340100000100000000000003777777c00c00010001"));
        out.add(HEX.parseHex("123401000001000000000000c00000010001"));
        return out;
    }

    private static byte[] withOpt(Message m, int flags, EDNSOption... options) {
        m.addRecord(new OPTRecord(1232, 0, 0, flags, List.of(options)), Section.ADDITIONAL);
        return m.toWire();
    }

    /** One mutation of a corpus entry (or random octets): what a fuzzer's mutators do. */
    private static byte[] mutate(List<byte[]> corpus, Random r) {
        byte[] p = corpus.get(r.nextInt(corpus.size())).clone();
        if (p.length == 0) {
            return p; // an empty datagram (a truncation mutated again)
        }
        int kind = r.nextInt(10);
        switch (kind) {
            case 0 -> { // flip a few bits
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    int at = r.nextInt(p.length);
                    p[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> p[r.nextInt(p.length)] = (byte) r.nextInt(256);
            case 2 -> p = Arrays.copyOf(p, r.nextInt(p.length + 1)); // truncated
            case 3 -> { // octets appended
                byte[] tail = new byte[1 + r.nextInt(64)];
                r.nextBytes(tail);
                byte[] q = Arrays.copyOf(p, p.length + tail.length);
                System.arraycopy(tail, 0, q, p.length, tail.length);
                p = q;
            }
            case 4 -> { // a section count set at random
                if (p.length >= 12) {
                    int at = 4 + 2 * r.nextInt(4);
                    int v = r.nextBoolean() ? r.nextInt(4) : r.nextInt(65536);
                    p[at] = (byte) (v >>> 8);
                    p[at + 1] = (byte) v;
                }
            }
            case 5 -> { // header flags and opcode at random
                if (p.length >= 4) {
                    p[2] = (byte) r.nextInt(256);
                    p[3] = (byte) r.nextInt(256);
                }
            }
            case 6 -> { // a slice of another entry spliced in
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                int from = r.nextInt(other.length);
                int len = r.nextInt(other.length - from + 1);
                int at = r.nextInt(p.length + 1);
                byte[] q = new byte[at + len + Math.max(0, p.length - at)];
                System.arraycopy(p, 0, q, 0, at);
                System.arraycopy(other, from, q, at, len);
                System.arraycopy(p, at, q, at + len, p.length - at);
                p = q;
            }
            case 7 -> { // a compression pointer written somewhere
                if (p.length >= 14) {
                    int at = 12 + r.nextInt(p.length - 13);
                    p[at] = (byte) (0xc0 | r.nextInt(64));
                    p[at + 1] = (byte) r.nextInt(256);
                }
            }
            case 8 -> { // random octets
                p = new byte[r.nextInt(600)];
                r.nextBytes(p);
            }
            default -> { // unchanged, or mutated twice
                if (r.nextBoolean()) {
                    return mutate(List.of(mutate(corpus, r)), r);
                }
            }
        }
        return p;
    }

    /** Sends a batch over UDP and parses every reply that comes; the count of replies. */
    private static int udp(InetSocketAddress server, List<byte[]> batch, String context) throws IOException {
        int replies = 0;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setReceiveBufferSize(4 << 20);
            for (byte[] p : batch) {
                s.send(new DatagramPacket(p, p.length, server));
            }
            s.setSoTimeout(80);
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(d);
                } catch (SocketTimeoutException e) {
                    return replies;
                }
                replies++;
                parses(Arrays.copyOf(buf, d.getLength()), "udp", batch, context);
            }
        }
    }

    /** Sends a batch pipelined on one TCP connection; reads replies until the server closes or goes quiet. */
    private static int tcp(InetSocketAddress server, List<byte[]> batch, String context) throws IOException {
        int replies = 0;
        try (Socket s = new Socket()) {
            s.connect(server, 3000);
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] p : batch) {
                    out.write(new byte[] {(byte) (p.length >>> 8), (byte) p.length});
                    out.write(p);
                }
                out.flush();
                // Our side is done: the server answers what it read, sees the end and closes, so no waiting.
                s.shutdownOutput();
            } catch (IOException e) {
                // The server may close a connection whose message it cannot use (RFC 7766 §8): nothing to read.
            }
            s.setSoTimeout(1000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                byte[] reply;
                try {
                    reply = new byte[in.readUnsignedShort()];
                    in.readFully(reply);
                } catch (EOFException | SocketTimeoutException | java.net.SocketException e) {
                    return replies;
                }
                replies++;
                parses(reply, "tcp", batch, context);
            }
        }
    }

    private static void parses(byte[] reply, String transport, List<byte[]> batch, String context) {
        try {
            new Message(reply);
        } catch (IOException | RuntimeException e) {
            StringBuilder sent = new StringBuilder();
            for (byte[] p : batch) {
                sent.append("\n  ").append(HEX.formatHex(p));
            }
            fail(context + ": a " + transport + " reply does not parse (" + e + "): " + HEX.formatHex(reply)
                    + "\nbatch sent:" + sent);
        }
    }

    private static Message ask(InetSocketAddress server, Message query) throws IOException {
        return new SimpleResolver(server).send(query);
    }

    private static List<String> faults(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> FAULTS.stream().anyMatch(l::contains))
                    // A client that hangs up mid-answer is not the server's fault.
                    .filter(l -> !l.contains("Connection reset") && !l.contains("Broken pipe"))
                    .toList();
        }
    }

    /** The daemon with transfers, updates, RRL (high enough to classify every reply and limit none), NSID, cookies. */
    private Process start(Path log) throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        try (Stream<Path> files = Files.list(Fixture.exampleZones())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".toml")).toList()) {
                Files.copy(f, zones.resolve(f.getFileName()));
            }
        }
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, """
                zones = "zones"
                data-dir = "data"
                state-dir = "state"
                nsid = "fuzz"

                [[key]]
                name = "fuzz-key"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "example.net."
                allow-transfer = ["127.0.0.1", { key = "fuzz-key" }]
                allow-update = [{ key = "fuzz-key", names = ["dyn"], types = ["TXT"] }]

                [rrl]
                responses-per-second = 100000

                [cookies]
                secret = "e5e973e5a6b2a43f48e7dc849e37bfcf"
                """.formatted(SECRET));
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.tomldns.cli.Main", "serve",
                "--config", config.toString(), "--listen", "127.0.0.1:0", "--threads", "2", "--log-level", "debug");
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static int port(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start:\n" + Files.readString(log));
    }
}
