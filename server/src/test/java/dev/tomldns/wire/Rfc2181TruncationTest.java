package dev.tomldns.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Sockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 1035 §4.2.1, RFC 6891 §6.2.3/§6.2.5 and RFC 2181 §9: a UDP answer larger than min(client size, 1232), or 512
 * without EDNS, is cut at a whole RRset and marked TC so the client retries over TCP; over TCP it is whole.
 */
class Rfc2181TruncationTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.fixtureZones());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void largeRrsetOverUdpWithoutEdnsIsTruncatedWithinClassic512() {
        byte[] out = Sockets.udpOrNull(server.address, Fixture.query("large.example.com.", Type.TXT).toWire(), 3000);
        assertTrue(out.length <= 512, "length " + out.length);
        Message r = Fixture.parse(out);
        assertTrue(r.getHeader().getFlag(Flags.TC));
        // RFC 2181 §9: never a partial RRset.
        assertEquals(0, r.getSection(Section.ANSWER).size());
    }

    @Test
    void largeRrsetOverUdpWithEdnsIsTruncatedWithinOurLimitAndKeepsOpt() {
        Message q = Fixture.query("large.example.com.", Type.TXT);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        byte[] out = Sockets.udpOrNull(server.address, q.toWire(), 3000);
        assertTrue(out.length <= 1232, "length " + out.length);
        Message r = Fixture.parse(out);
        assertTrue(r.getHeader().getFlag(Flags.TC));
        assertEquals(1232, r.getOPT().getPayloadSize(), "OPT kept in a truncated reply");
    }

    @Test
    void clientSizeSmallerThanOursIsRespected() {
        Message q = Fixture.query("large.example.com.", Type.TXT);
        q.addRecord(new OPTRecord(600, 0, 0), Section.ADDITIONAL);
        byte[] out = Sockets.udpOrNull(server.address, q.toWire(), 3000);
        assertTrue(out.length <= 600, "length " + out.length);
        assertTrue(Fixture.parse(out).getHeader().getFlag(Flags.TC));
    }

    @Test
    void sameAnswerOverTcpIsWhole() {
        Message r = Sockets.tcp(server.address, Fixture.query("large.example.com.", Type.TXT));
        assertFalse(r.getHeader().getFlag(Flags.TC));
        assertEquals(60, r.getSection(Section.ANSWER).size());
    }

    @Test
    void droppedAdditionalDataDoesNotSetTc() {
        // RFC 2181 §9: TC is for missing required data only. A 512-octet limit fits the MX answer but the
        // additional addresses may or may not fit; either way TC stays clear.
        Message r = Sockets.udp(server.address, Fixture.query("example.com.", Type.MX));
        assertFalse(r.getHeader().getFlag(Flags.TC));
        assertEquals(2, r.getSection(Section.ANSWER).size());
    }
}
