package dev.tomldns.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.security.AclEntry;
import dev.tomldns.security.CidrBlock;
import dev.tomldns.security.TransferAcl;
import dev.tomldns.security.TsigKey;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.zone.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** RFC 5936 §2.2 streaming, RFC 8945 §5.3.1 per-message signing, and one consistent version per transfer. */
class Rfc5936AxfrStreamTest {
    static final Name ORIGIN = Name.fromConstantString("big.test.");
    static final TsigKey KEY = TsigKey.of("k.", "hmac-sha512", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==");
    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    static Zone zone(long serial, int hosts) throws Exception {
        SOARecord soa = new SOARecord(ORIGIN, DClass.IN, 300, Name.fromString("ns1", ORIGIN),
                Name.fromString("hostmaster", ORIGIN), serial, 3600, 600, 86400, 300);
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            records.add(new ARecord(Name.fromString("host-" + i, ORIGIN), DClass.IN, 300,
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i})));
        }
        return Zone.build(soa, records);
    }

    private static TransferResponder responder(AtomicReference<Zone> served) {
        TransferAcl acl = new TransferAcl(List.of(new AclEntry(CidrBlock.parse("127.0.0.0/8"), null)));
        return new TransferResponder(o -> o.equals(ORIGIN) ? served.get() : null, o -> acl,
                new TsigKeyring(Map.of(KEY.name(), KEY)), new IxfrJournal(8, 100_000));
    }

    @Test
    void largeZoneStreamsInSeveralSignedMessagesEachVerifying() throws Exception {
        AtomicReference<Zone> served = new AtomicReference<>(zone(1, 20_000));
        Message query = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
        TSIG client = KEY.toTsig();
        query.setTSIG(client);
        byte[] wire = query.toWire(65535);
        query = new Message(wire);
        List<byte[]> messages = new ArrayList<>();
        responder(served).respond(query, wire, CLIENT, true, messages::add);

        assertTrue(messages.size() > 10, "messages: " + messages.size());
        TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(client, query.getTSIG());
        List<Record> answer = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            byte[] m = messages.get(i);
            assertTrue(m.length <= 65535);
            Message msg = new Message(m);
            assertEquals(Rcode.NOERROR, verifier.verify(msg, m), "message " + i + ": " + verifier.getErrorMessage());
            assertEquals(i == 0 ? 1 : 0, msg.getSection(Section.QUESTION).size(), "question only in the first");
            answer.addAll(msg.getSection(Section.ANSWER));
        }
        // RFC 5936 §2.2: SOA, the rest, SOA.
        assertEquals(20_002, answer.size());
        assertEquals(Type.SOA, answer.get(0).getType());
        assertEquals(Type.SOA, answer.get(answer.size() - 1).getType());
    }

    @Test
    void reloadDuringTheTransferDoesNotMixVersions() throws Exception {
        AtomicReference<Zone> served = new AtomicReference<>(zone(1, 5_000));
        Zone newer = zone(2, 10);
        byte[] wire = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN)).toWire();
        List<Record> answer = new ArrayList<>();
        responder(served).respond(new Message(wire), wire, CLIENT, true, m -> {
            served.set(newer); // a reload swaps the zone after the first message went out
            try {
                answer.addAll(new Message(m).getSection(Section.ANSWER));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(5_002, answer.size());
        assertTrue(answer.stream().filter(r -> r.getType() == Type.SOA)
                .allMatch(r -> ((SOARecord) r).getSerial() == 1));
    }

    @Test
    void unsignedRequestOutsideTheAclIsRefusedAndAnUnknownZoneIsNotauth() throws Exception {
        AtomicReference<Zone> served = new AtomicReference<>(zone(1, 1));
        byte[] wire = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN)).toWire();
        List<byte[]> out = new ArrayList<>();
        responder(served).respond(new Message(wire), wire, InetAddress.getByName("192.0.2.1"), true, out::add);
        assertEquals(1, out.size());
        assertEquals(Rcode.REFUSED, new Message(out.get(0)).getRcode());

        byte[] other = Message.newQuery(Record.newRecord(Name.fromString("other.test."), Type.AXFR, DClass.IN)).toWire();
        out.clear();
        responder(served).respond(new Message(other), other, CLIENT, true, out::add);
        assertEquals(Rcode.NOTAUTH, new Message(out.get(0)).getRcode());
    }

    @Test
    void unknownKeyGetsNotauthWithBadkey() throws Exception {
        AtomicReference<Zone> served = new AtomicReference<>(zone(1, 1));
        Message query = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
        query.setTSIG(new TSIG(TSIG.HMAC_SHA256, Name.fromString("stranger."), new byte[32]));
        byte[] wire = query.toWire(65535);
        List<byte[]> out = new ArrayList<>();
        responder(served).respond(new Message(wire), wire, CLIENT, true, out::add);
        Message response = new Message(out.get(0));
        assertEquals(Rcode.NOTAUTH, response.getRcode());
        assertNotNull(response.getTSIG());
        assertEquals(Rcode.BADKEY, response.getTSIG().getError());
        assertNull(response.getSection(Section.ANSWER).stream().findFirst().orElse(null));
    }
}
