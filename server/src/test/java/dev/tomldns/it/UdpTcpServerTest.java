package dev.tomldns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.transport.TcpSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The real server on an ephemeral port, queried over real UDP and TCP sockets (RFC 1035 §4.2, RFC 7766). */
class UdpTcpServerTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.fixtureZones(), new TcpSettings(1500, 4));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(server.address);
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    @Test
    void dnsjavaResolverOverUdp() throws Exception {
        Message r = resolver(false).send(Fixture.query("www.example.com.", Type.A));
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertTrue(r.getHeader().getFlag(Flags.AA));
        assertEquals(2, r.getSection(Section.ANSWER).size());
    }

    @Test
    void dnsjavaResolverOverTcp() throws Exception {
        Message r = resolver(true).send(Fixture.query("large.example.com.", Type.TXT));
        assertFalse(r.getHeader().getFlag(Flags.TC));
        assertEquals(60, r.getSection(Section.ANSWER).size());
    }

    @Test
    void truncatedOverUdpThenWholeOverTcp() throws Exception {
        Message q = Fixture.query("large.example.com.", Type.TXT);
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(3000);
            byte[] w = q.toWire();
            s.send(new DatagramPacket(w, w.length, server.address));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            assertTrue(p.getLength() <= 1232);
            assertTrue(new Message(java.util.Arrays.copyOf(buf, p.getLength())).getHeader().getFlag(Flags.TC));
        }
        // dnsjava's resolver retries over TCP on TC, as every stub does.
        Message r = resolver(false).send(Fixture.query("large.example.com.", Type.TXT));
        assertEquals(60, r.getSection(Section.ANSWER).size());
    }

    @Test
    void pipelinedTcpQueriesOnOneConnectionAreAllAnswered() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address, 3000);
            s.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            Set<Integer> ids = new HashSet<>();
            // RFC 7766 §6.2.1.1: send them all before reading anything.
            for (int i = 0; i < 50; i++) {
                Message q = Fixture.query(i % 2 == 0 ? "example.com." : "nope.example.com.", Type.A);
                q.getHeader().setID(1000 + i);
                ids.add(1000 + i);
                byte[] w = q.toWire();
                out.writeShort(w.length);
                out.write(w);
            }
            out.flush();
            for (int i = 0; i < 50; i++) {
                byte[] w = new byte[in.readUnsignedShort()];
                in.readFully(w);
                Message r = new Message(w);
                assertTrue(ids.remove(r.getHeader().getID()), "unexpected id " + r.getHeader().getID());
            }
            assertTrue(ids.isEmpty());
        }
    }

    @Test
    void idleTcpConnectionIsClosedByTheServer() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address, 3000);
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "server should close an idle connection");
            assertTrue(System.nanoTime() - start >= 1_000_000_000L, "closed too early");
        }
    }

    @Test
    void whenTheTableIsFullTheConnectionIdleLongestMakesRoom() throws Exception {
        // RFC 7766 §6.2.3: rather than refuse the newcomer, close the connection that has been idle the longest.
        Socket[] open = new Socket[4];
        try {
            for (int i = 0; i < open.length; i++) {
                open[i] = new Socket();
                open[i].connect(server.address, 3000);
                Thread.sleep(20);
            }
            Thread.sleep(100);
            try (Socket extra = new Socket()) {
                extra.connect(server.address, 3000);
                open[0].setSoTimeout(1000);
                int read;
                try {
                    read = open[0].getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertEquals(-1, read, "the connection idle longest should have been closed");
                // The newcomer is served.
                byte[] q = Fixture.query("example.com.", Type.A).toWire();
                java.io.DataOutputStream out = new java.io.DataOutputStream(extra.getOutputStream());
                out.writeShort(q.length);
                out.write(q);
                extra.setSoTimeout(1000);
                java.io.DataInputStream in = new java.io.DataInputStream(extra.getInputStream());
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                assertEquals(Rcode.NOERROR, new Message(answer).getRcode());
            }
        } finally {
            for (Socket s : open) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    @Test
    void garbageOverUdpAndTcpDoesNotTakeTheServerDown() throws Exception {
        Random random = new Random(7);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[random.nextInt(300)];
                random.nextBytes(junk);
                s.send(new DatagramPacket(junk, junk.length, server.address));
            }
        }
        for (int i = 0; i < 5; i++) {
            try (Socket t = new Socket()) {
                t.connect(server.address, 3000);
                t.setSoTimeout(2000);
                byte[] junk = new byte[2 + random.nextInt(100)];
                random.nextBytes(junk);
                t.getOutputStream().write(junk);
                t.getOutputStream().flush();
                try {
                    while (t.getInputStream().read() >= 0) {
                        // drain whatever comes back
                    }
                } catch (SocketTimeoutException | EOFException | java.net.SocketException ignored) {
                    // either side may end it
                }
            }
        }
        Message r = resolver(false).send(Fixture.query("example.com.", Type.A));
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertEquals(1, r.getSection(Section.ANSWER).size());
    }

    @Test
    void udpAnswerComesFromTheAddressAskedAndKeepsTheId() throws Exception {
        Message q = Fixture.query("example.com.", Type.CAA);
        q.getHeader().setID(4242);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(3000);
            byte[] w = q.toWire();
            s.send(new DatagramPacket(w, w.length, server.address));
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            assertEquals(server.address, p.getSocketAddress());
            assertEquals(4242, new Message(java.util.Arrays.copyOf(buf, p.getLength())).getHeader().getID());
        }
    }
}
