package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.testing.LogCapture;
import dev.tomldns.xfr.SecondaryZoneManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A transfer in is cut off at the secondary zone's limits (records, octets, time), and an AXFR whose closing SOA is
 * not its opening SOA is rejected (RFC 5936 §2.2): each is logged, counted as a failed transfer, and the last good
 * copy keeps being served. The primary is a small fake on a real UDP+TCP socket that misbehaves on purpose.
 */
class Rfc5936TransferInLimitsTest {
    private static final Name ZONE = Name.fromConstantString("sec.test.");
    private static final Name WWW = Name.fromConstantString("www.sec.test.");

    @TempDir
    Path dir;

    /** How the fake primary answers a transfer of the serial it announces. */
    enum Misbehaviour {
        ENDLESS, CLOSING_SOA_DIFFERS, TRICKLE, LARGE_RECORDS
    }

    @Test
    void endlessAxfrIsCutOffAtTheRecordLimit() throws Exception {
        cutOff(Misbehaviour.ENDLESS, "max-transfer-records = 500", "more than 500 records (max-transfer-records)");
    }

    @Test
    void axfrWhoseClosingSoaDiffersFromItsOpeningSoaIsRejected() throws Exception {
        cutOff(Misbehaviour.CLOSING_SOA_DIFFERS, "", "closing SOA (serial 999) differs from its opening SOA (serial 2)");
    }

    @Test
    void slowEndlessAxfrIsCutOffAtTheTimeLimit() throws Exception {
        cutOff(Misbehaviour.TRICKLE, "max-transfer-seconds = 2", "not complete within 2 s (max-transfer-seconds)");
    }

    @Test
    void oversizedAxfrIsCutOffAtTheOctetLimit() throws Exception {
        cutOff(Misbehaviour.LARGE_RECORDS, "max-transfer-octets = 20000",
                "more than 20000 octets (max-transfer-octets)");
    }

    @Test
    void limitsAreWholePositiveNumbersNamedInTheError() throws Exception {
        Path conf = dir.resolve("bad.toml");
        Files.writeString(conf, """
                [[secondary]]
                zone = "sec.test."
                primaries = ["127.0.0.1:5300"]
                max-transfer-records = 0
                max-transfer-octets = "1M"
                max-transfer-seconds = 1.5
                """);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ServerConfigReader.read(conf));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("bad.toml:4: key 'secondary[0].max-transfer-records': must be a whole number of at "
                + "least 1, not 0"), all);
        assertTrue(all.contains("bad.toml:5: key 'secondary[0].max-transfer-octets': must be a whole number"), all);
        assertTrue(all.contains("bad.toml:6: key 'secondary[0].max-transfer-seconds': must be a whole number from 1 "
                + "to 86400, not 1.5"), all);
    }

    private void cutOff(Misbehaviour misbehaviour, String limit, String expected) throws Exception {
        try (FakePrimary primary = new FakePrimary()) {
            Path zones = Files.createDirectories(dir.resolve("zones"));
            Path conf = dir.resolve("secondary.toml");
            Files.writeString(conf, "zones = \"" + zones + "\"\ndata-dir = \"" + dir.resolve("data") + "\"\n" + """
                    [[secondary]]
                    zone = "sec.test."
                    primaries = ["127.0.0.1:%d"]
                    %s
                    """.formatted(primary.port(), limit));
            try (LogCapture log = new LogCapture(SecondaryZoneManager.class);
                 WiredServer secondary = new WiredServer(conf, 0)) {
                WiredServer.await(10, () -> servedSerial(secondary) == 1, () -> log.lines().toString());
                assertEquals("192.0.2.1", address(secondary));

                primary.serial = 2;
                primary.misbehaviour = misbehaviour;
                long start = System.nanoTime();
                WiredServer.await(15, () -> log.count(expected) >= 1, () -> log.lines().toString());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN secondary sec.test.: refresh from ")
                        && l.contains("failed, still serving serial 1: ") && l.contains(expected)),
                        log.lines().toString());
                assertTrue(secondary.count("dns.transfers", "direction", "in", "result", "failed") >= 1);
                // The last good copy is still what the secondary answers with.
                assertEquals(1, servedSerial(secondary));
                assertEquals("192.0.2.1", address(secondary));
            }
        }
    }

    private static long servedSerial(WiredServer server) {
        try {
            Message m = ask(server, ZONE, Type.SOA);
            List<Record> answer = m.getSection(Section.ANSWER);
            return answer.isEmpty() ? -1 : ((SOARecord) answer.get(0)).getSerial();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String address(WiredServer server) throws IOException {
        return ((ARecord) ask(server, WWW, Type.A).getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static Message ask(WiredServer server, Name name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver(server.address());
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    }

    /** Answers SOA over UDP with its serial, and AXFR/IXFR over TCP: serial 1 well, a later one as told. */
    static final class FakePrimary implements AutoCloseable {
        final DatagramSocket udp;
        final ServerSocket tcp;
        volatile long serial = 1;
        volatile Misbehaviour misbehaviour;
        private final List<Thread> threads;

        FakePrimary() throws IOException {
            DatagramSocket u = null;
            ServerSocket t = null;
            for (int attempt = 0; t == null && attempt < 20; attempt++) {
                u = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                try {
                    t = new ServerSocket(u.getLocalPort(), 8, InetAddress.getByName("127.0.0.1"));
                } catch (IOException taken) {
                    u.close();
                }
            }
            udp = u;
            tcp = t;
            threads = List.of(new Thread(this::serveUdp, "fake-primary-udp"),
                    new Thread(this::serveTcp, "fake-primary-tcp"));
            threads.forEach(th -> {
                th.setDaemon(true);
                th.start();
            });
        }

        int port() {
            return udp.getLocalPort();
        }

        SOARecord soa(long s) {
            return new SOARecord(ZONE, DClass.IN, 60, Name.fromConstantString("ns.sec.test."),
                    Name.fromConstantString("hostmaster.sec.test."), s, 1, 1, 3600, 60);
        }

        private Message reply(Message query) {
            Message m = new Message(query.getHeader().getID());
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setFlag(Flags.AA);
            m.addRecord(query.getQuestion(), Section.QUESTION);
            return m;
        }

        private void serveUdp() {
            byte[] buf = new byte[512];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    Message reply = reply(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())));
                    reply.addRecord(soa(serial), Section.ANSWER);
                    byte[] out = reply.toWire();
                    udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // closed, or a packet we cannot read: go on until closed
                }
            }
        }

        private void serveTcp() {
            while (!tcp.isClosed()) {
                try (Socket s = tcp.accept()) {
                    s.setSoTimeout(5000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] q = new byte[in.readUnsignedShort()];
                    in.readFully(q);
                    transfer(new Message(q), new DataOutputStream(s.getOutputStream()));
                } catch (IOException | InterruptedException e) {
                    // the secondary hung up (as it should when it cuts a transfer off), or we were closed
                }
            }
        }

        private void transfer(Message query, DataOutputStream out) throws IOException, InterruptedException {
            long s = serial;
            Misbehaviour how = s == 1 ? null : misbehaviour;
            Message m = reply(query);
            m.addRecord(soa(s), Section.ANSWER);
            m.addRecord(new ARecord(WWW, DClass.IN, 60, InetAddress.getByName(s == 1 ? "192.0.2.1" : "192.0.2.2")),
                    Section.ANSWER);
            if (how == null) {
                m.addRecord(soa(s), Section.ANSWER);
                send(out, m);
                return;
            }
            switch (how) {
                case CLOSING_SOA_DIFFERS -> {
                    m.addRecord(soa(999), Section.ANSWER);
                    send(out, m);
                }
                case ENDLESS, TRICKLE, LARGE_RECORDS -> {
                    send(out, m);
                    // Never the closing SOA: message after message until the secondary hangs up (bounded by
                    // the test's own time).
                    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    for (int n = 0; System.nanoTime() < end; n++) {
                        Message more = reply(query);
                        for (int i = 0; i < 50; i++) {
                            Name owner = Name.fromString("h" + n + "-" + i, ZONE);
                            more.addRecord(how == Misbehaviour.LARGE_RECORDS
                                    ? new TXTRecord(owner, DClass.IN, 60, "x".repeat(200))
                                    : new ARecord(owner, DClass.IN, 60, InetAddress.getByName("192.0.2.3")),
                                    Section.ANSWER);
                        }
                        send(out, more);
                        if (how == Misbehaviour.TRICKLE) {
                            Thread.sleep(300);
                        }
                    }
                }
            }
        }

        private static void send(DataOutputStream out, Message m) throws IOException {
            byte[] wire = m.toWire();
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            udp.close();
            tcp.close();
        }
    }
}
