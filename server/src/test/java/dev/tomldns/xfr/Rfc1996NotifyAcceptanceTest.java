package dev.tomldns.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.SecondaryConfig;
import dev.tomldns.config.ZonePolicy;
import dev.tomldns.query.QueryContext;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** RFC 1996 §3.10/§4: NOTIFY is taken (with AA) only from a configured primary; others get REFUSED. */
class Rfc1996NotifyAcceptanceTest {
    static final Name ZONE = Name.fromConstantString("sec.test.");
    @TempDir Path dir;

    private static Message notifyFor(Name zone) throws Exception {
        Message m = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().setFlag(Flags.AA);
        return new Message(m.toWire());
    }

    private static Message handle(SecondaryZoneManager mgr, Message q, String from) throws Exception {
        byte[] wire = q.toWire();
        return new Message(mgr.handle(q, wire, QueryContext.udp(new InetSocketAddress(from, 40000))));
    }

    @Test
    void onlyConfiguredPrimariesMayNotify() throws Exception {
        SecondaryConfig c = new SecondaryConfig(ZONE, List.of(new InetSocketAddress("127.0.0.5", 1)), null,
                ZonePolicy.DEFAULT);
        try (SecondaryZoneManager mgr = new SecondaryZoneManager(List.of(c), TsigKeyring.EMPTY, new ZoneRegistry(),
                new ZoneFileStore(dir), (o, n) -> { })) {
            Message ok = handle(mgr, notifyFor(ZONE), "127.0.0.5");
            assertEquals(Rcode.NOERROR, ok.getRcode());
            assertTrue(ok.getHeader().getFlag(Flags.AA));
            assertTrue(ok.getHeader().getFlag(Flags.QR));
            assertEquals(Opcode.NOTIFY, ok.getHeader().getOpcode());
            assertEquals(ZONE, ok.getQuestion().getName());

            assertEquals(Rcode.REFUSED, handle(mgr, notifyFor(ZONE), "127.0.0.9").getRcode());
            assertEquals(Rcode.REFUSED, handle(mgr, notifyFor(Name.fromString("other.test.")), "127.0.0.5").getRcode());
        }
    }
}
