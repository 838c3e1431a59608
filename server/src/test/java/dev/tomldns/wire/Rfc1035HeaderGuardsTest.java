package dev.tomldns.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Sockets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The guards before lookup: what is dropped, what is FORMERR, NOTIMP or REFUSED, and that nothing throws. */
class Rfc1035HeaderGuardsTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.fixtureZones());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server's reply over UDP, or {@code null} when it sends none. */
    private static byte[] process(byte[] wire) {
        return Sockets.udpOrNull(server.address, wire, 500);
    }

    @Test
    void shorterThanAHeaderIsDropped() {
        assertNull(process(new byte[0]));
        assertNull(process(new byte[11]));
    }

    @Test
    void responsesAreDropped() {
        Message q = Fixture.query("example.com.", Type.A);
        q.getHeader().setFlag(Flags.QR);
        assertNull(process(q.toWire()));
    }

    @Test
    void unparseableBodyIsFormerrWithTheIdEchoed() {
        byte[] wire = Fixture.query("example.com.", Type.A).toWire();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3);
        Message r = Fixture.parse(process(cut));
        assertEquals(Rcode.FORMERR, r.getRcode());
        assertEquals(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), r.getHeader().getID());
        assertTrue(r.getHeader().getFlag(Flags.QR));
    }

    @Test
    void noQuestionIsFormerr() {
        Message q = new Message();
        Message r = Fixture.parse(process(q.toWire()));
        assertEquals(Rcode.FORMERR, r.getRcode());
    }

    @Test
    void unknownOpcodeIsNotimp() {
        // RFC 1035 §4.1.1: STATUS is not implemented, nor is opcode 3 (unassigned); UPDATE is (RFC 2136).
        Message q = Fixture.query("example.com.", Type.A);
        for (int opcode : new int[] {Opcode.STATUS, 3}) {
            q.getHeader().setOpcode(opcode);
            assertEquals(Rcode.NOTIMP, Fixture.parse(process(q.toWire())).getRcode(), Opcode.string(opcode));
        }
    }

    @Test
    void notimpKeepsEdnsWhenTheQueryHadIt() {
        // RFC 6891 §6.1.1: a request with OPT gets an OPT back, whatever the rcode.
        Message q = Fixture.query("example.com.", Type.SOA);
        q.getHeader().setOpcode(15);
        q.addRecord(new org.xbill.DNS.OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message r = Fixture.parse(process(q.toWire()));
        assertEquals(Rcode.NOTIMP, r.getRcode());
        assertEquals(0, r.getOPT().getVersion());
        assertEquals(15, r.getHeader().getOpcode());
    }

    @Test
    void cdIsNotCopiedAsNsdAndKnotDoNot() {
        Message q = Fixture.query("example.com.", Type.A);
        q.getHeader().setFlag(Flags.CD);
        assertTrue(!Fixture.parse(process(q.toWire())).getHeader().getFlag(Flags.CD));
    }

    @Test
    void nonInClassIsRefused() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertEquals(Rcode.REFUSED, Fixture.parse(process(q.toWire())).getRcode());
    }

    @Test
    void transferOverUdpIsRefusedWithoutATransferHandler() {
        assertEquals(Rcode.REFUSED, Fixture.parse(process(Fixture.query("example.com.", Type.AXFR).toWire())).getRcode());
    }

    @Test
    void questionCaseIsEchoedAsSent() {
        Message r = Sockets.udp(server.address, Fixture.query("ExAmPlE.CoM.", Type.A));
        assertEquals("ExAmPlE.CoM.", r.getQuestion().getName().toString());
        assertEquals(Rcode.NOERROR, r.getRcode());
    }

    @Test
    void rdIsCopiedAndRaIsNeverSet() {
        Message r = Sockets.udp(server.address, Fixture.query("example.com.", Type.A));
        assertTrue(r.getHeader().getFlag(Flags.RD));
        assertTrue(!r.getHeader().getFlag(Flags.RA));
        assertEquals(1, r.getSection(Section.ANSWER).size());
    }

    @Test
    void anyIsAnsweredWithOneRrsetPerRfc8482() {
        // RFC 8482 §4.2, as NSD and Knot answer: one RRset, the first in zone order (the SOA at the apex).
        Message apex = Sockets.tcp(server.address, Fixture.query("example.com.", Type.ANY));
        assertEquals(java.util.List.of(Type.SOA),
                apex.getSection(Section.ANSWER).stream().map(Record::getType).distinct().toList());
        Message mail = Sockets.udp(server.address, Fixture.query("mail.example.com.", Type.ANY));
        assertEquals(java.util.List.of(Type.A),
                mail.getSection(Section.ANSWER).stream().map(Record::getType).distinct().toList());
        Message wild = Sockets.udp(server.address, Fixture.query("x.wild.example.com.", Type.ANY));
        assertEquals("x.wild.example.com.", wild.getSection(Section.ANSWER).get(0).getName().toString());
    }

    /**
     * 5,000 random or mutated datagrams sent to the server in bursts over one socket: every reply that comes back
     * is a well-formed response and none is SERVFAIL (an internal error), and the server keeps answering.
     */
    @Test
    void garbageNeverThrowsAndAnswersAreWellFormed() throws Exception {
        Random random = new Random(42);
        byte[] valid = Fixture.query("www.example.com.", Type.A).toWire();
        int replies = 0;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setReceiveBufferSize(1 << 20);
            socket.setSoTimeout(300);
            byte[] buf = new byte[65535];
            for (int batch = 0; batch < 10; batch++) {
                for (int i = 0; i < 500; i++) {
                    byte[] wire;
                    if (i % 2 == 0) {
                        wire = new byte[random.nextInt(600)];
                        random.nextBytes(wire);
                    } else {
                        wire = valid.clone();
                        for (int k = 0; k < 1 + random.nextInt(4); k++) {
                            wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
                        }
                    }
                    socket.send(new java.net.DatagramPacket(wire, wire.length, server.address));
                }
                while (true) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (java.net.SocketTimeoutException e) {
                        break;
                    }
                    replies++;
                    Message r = Fixture.parse(java.util.Arrays.copyOf(buf, p.getLength()));
                    assertTrue(r.getHeader().getFlag(Flags.QR));
                    assertTrue(r.getRcode() != Rcode.SERVFAIL, "internal error: " + r);
                }
            }
        }
        assertTrue(replies > 1000, "only " + replies + " replies to 5,000 datagrams");
        assertEquals(Rcode.NOERROR, Sockets.udp(server.address, Fixture.query("www.example.com.", Type.A)).getRcode());
    }
}
