package dev.tomldns.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Sockets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RFC 6891 EDNS(0) as the EDNS compliance tests probe it, through the real query processor. */
class Rfc6891EdnsTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.fixtureZones());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Message withOpt(String name, int type, OPTRecord opt) {
        Message q = Fixture.query(name, type);
        q.addRecord(opt, Section.ADDITIONAL);
        return q;
    }

    @Test
    void noOptInQueryMeansNoOptInReply() {
        Message r = Sockets.udp(server.address, Fixture.query("example.com.", Type.A));
        assertNull(r.getOPT());
    }

    @Test
    void optIsAnsweredWithOurPayloadSizeVersion0() {
        Message r = Sockets.udp(server.address, withOpt("example.com.", Type.A, new OPTRecord(4096, 0, 0)));
        OPTRecord opt = r.getOPT();
        assertNotNull(opt);
        assertEquals(1232, opt.getPayloadSize());
        assertEquals(0, opt.getVersion());
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertEquals(1, r.getSection(Section.ANSWER).size());
    }

    @Test
    void versionAboveZeroGetsBadversWithVersion0() {
        Message r = Sockets.udp(server.address, withOpt("example.com.", Type.A, new OPTRecord(4096, 0, 1)));
        assertEquals(Rcode.BADVERS, r.getRcode());
        assertEquals(0, r.getOPT().getVersion());
        assertTrue(r.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void unknownOptionsAndFlagsAreIgnoredAndNotEchoed() {
        List<EDNSOption> options = List.of(new GenericEDNSOption(65001, new byte[] {1, 2, 3}));
        Message r = Sockets.udp(server.address, withOpt("example.com.", Type.A, new OPTRecord(4096, 0, 0, 0x4000, options)));
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertTrue(r.getOPT().getOptions().isEmpty(), "unknown option echoed");
        assertEquals(0, r.getOPT().getFlags(), "unknown flag echoed");
        assertEquals(1, r.getSection(Section.ANSWER).size());
    }

    @Test
    void doBitIsEchoed() {
        Message r = Sockets.udp(server.address, withOpt("example.com.", Type.A, new OPTRecord(4096, 0, 0, ExtendedFlags.DO)));
        assertEquals(ExtendedFlags.DO, r.getOPT().getFlags() & ExtendedFlags.DO);
    }

    @Test
    void twoOptRecordsAreFormerr() {
        Message q = withOpt("example.com.", Type.A, new OPTRecord(4096, 0, 0));
        byte[] wire = q.toWire();
        // Append a second OPT by hand: dnsjava keeps only one in a Message.
        byte[] opt = new OPTRecord(1232, 0, 0).toWire(Section.ADDITIONAL);
        byte[] two = java.util.Arrays.copyOf(wire, wire.length + opt.length);
        System.arraycopy(opt, 0, two, wire.length, opt.length);
        two[11] = 2; // ARCOUNT
        Message r = Fixture.parse(Sockets.udpOrNull(server.address, two, 3000));
        assertEquals(Rcode.FORMERR, r.getRcode());
    }

    @Test
    void payloadBelow512IsTreatedAs512() {
        assertEquals(512, Limits.udpLimit(new OPTRecord(100, 0, 0)));
        assertEquals(1232, Limits.udpLimit(new OPTRecord(4096, 0, 0)));
        assertEquals(700, Limits.udpLimit(new OPTRecord(700, 0, 0)));
        assertEquals(512, Limits.udpLimit(null));
    }

    @Test
    void noErrorRepliesKeepTheirFlagsClean() {
        Message r = Sockets.udp(server.address, withOpt("nope.example.com.", Type.A, new OPTRecord(1232, 0, 0)));
        assertEquals(Rcode.NXDOMAIN, r.getRcode());
        assertFalse(r.getOPT().getOptions().iterator().hasNext());
    }
}
