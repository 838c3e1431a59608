package dev.tomldns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Sockets;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.wire.ResponseKind;
import dev.tomldns.zone.ZoneRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting over real sockets, as BIND's and Knot's RRL behave: a burst of one kind of response to one
 * client prefix gets its rate of full answers, then limited ones, every second of which slips out truncated (TC=1,
 * question only, the OPT kept); a client in another /24 is answered meanwhile; TCP is never limited.
 */
class ResponseRateLimitTest {
    private static final int RATE = 5;
    private static final int BURST = 40;

    /** One query per response kind; NXDOMAIN asks a new random name each time, all in the zone's one bucket. */
    enum Case {
        ANSWER("mail.example.com.", Type.A, Rcode.NOERROR),
        NODATA("mail.example.com.", Type.TXT, Rcode.NOERROR),
        NXDOMAIN("%s.example.com.", Type.A, Rcode.NXDOMAIN),
        REFERRAL("host.deleg.example.com.", Type.A, Rcode.NOERROR),
        ERROR("name.example.invalid.", Type.A, Rcode.REFUSED);

        final String name;
        final int type;
        final int rcode;

        Case(String name, int type, int rcode) {
            this.name = name;
            this.type = type;
            this.rcode = rcode;
        }

        Message query(int i) {
            return Fixture.query(String.format(name, "random" + i + "x" + System.nanoTime()), type);
        }
    }

    private SimpleMeterRegistry meters;
    private DnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        meters = new SimpleMeterRegistry();
        MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(meters, false, 16);
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(Fixture.load(Fixture.fixtureZones()));
        QueryProcessor processor = new QueryProcessor(registry, metrics, dev.tomldns.metrics.QueryLog.OFF);
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 2,
                new ResponseRateLimit(RrlSettings.of(RATE), metrics));
        address = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
        // Over TCP (never limited), so the first burst does not wait for the server's classes to load.
        Sockets.tcp(address, Case.ANSWER.query(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aBurstFromOnePrefixIsLimitedAndEverySecondLimitedResponseSlips(Case c) throws Exception {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Message q = c.query(i);
            q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
            sent.add(q);
        }
        Map<Integer, Message> replies = burst("127.0.0.1", sent);
        int full = 0;
        int slipped = 0;
        for (Map.Entry<Integer, Message> e : replies.entrySet()) {
            Message r = e.getValue();
            Message q = sent.get(e.getKey());
            assertEquals(c.rcode, r.getRcode(), c + ": " + r);
            assertEquals(q.getQuestion(), r.getQuestion());
            assertNotNull(r.getOPT(), "RFC 6891 §7: a reply to a query with OPT has one, slipped or not");
            if (r.getHeader().getFlag(Flags.TC)) {
                slipped++;
                assertEquals(0, r.getSection(Section.ANSWER).size() + r.getSection(Section.AUTHORITY).size());
            } else {
                full++;
            }
        }
        int limited = BURST - full;
        // A bucket holds one second's worth; the burst may straddle a second boundary and earn one more.
        assertTrue(full >= RATE && full <= 2 * RATE, c + ": " + full + " full answers of " + BURST
                + " (" + replies.size() + " replies)");
        // slip 2: every second limited response goes out truncated, the others are dropped.
        assertEquals(limited / 2, slipped, 1.0, c + ": " + slipped + " slipped of " + limited + " limited");
        assertTrue(replies.size() < BURST, "some were dropped");
        ResponseKind kind = ResponseKind.valueOf(c.name());
        assertEquals(slipped, count(kind, "slipped"), c + " slipped counter");
        assertEquals(limited - slipped, count(kind, "dropped"), c + " dropped counter");

        // Another /24 is a bucket of its own: answered in full.
        Message other = burst("127.0.1.1", List.of(c.query(BURST))).get(0);
        assertNotNull(other, c + ": another prefix is answered");
        assertFalse(other.getHeader().getFlag(Flags.TC));
        assertEquals(c.rcode, other.getRcode());

        // TCP is never limited: the same query from the limited address, many times.
        for (int i = 0; i < 3 * RATE; i++) {
            Message r = Sockets.tcp(address, c.query(BURST + 1 + i));
            assertFalse(r.getHeader().getFlag(Flags.TC));
            assertEquals(c.rcode, r.getRcode(), "tcp " + c);
        }
    }

    @Test
    void aLimitedClientRecoversOnceItSlowsDown() throws Exception {
        Message q = Case.ANSWER.query(0);
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3 * RATE; i++) {
            sent.add(q);
        }
        burst("127.0.2.1", sent);
        // window 15: the flood of 15 against a rate of 5 left the bucket 10 in debt; 3 s earn 15.
        Thread.sleep(3_200);
        Message r = burst("127.0.2.1", List.of(q)).get(0);
        assertNotNull(r);
        assertFalse(r.getHeader().getFlag(Flags.TC));
        assertEquals(1, r.getSection(Section.ANSWER).size());
    }

    private double count(ResponseKind kind, String action) {
        var c = meters.find("dns.rrl.responses").tag("kind", kind.tag()).tag("action", action).counter();
        return c == null ? 0 : c.count();
    }

    private Map<Integer, Message> burst(String from, List<Message> queries) throws Exception {
        return burst(address, from, queries);
    }

    /** Sends every query from {@code from} at once, then collects the replies by index (the IDs differ). */
    static Map<Integer, Message> burst(InetSocketAddress address, String from, List<Message> queries)
            throws Exception {
        Map<Integer, Integer> byId = new HashMap<>();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0))) {
            for (int i = 0; i < queries.size(); i++) {
                Message q = queries.get(i);
                q.getHeader().setID(i + 1);
                byId.put(i + 1, i);
                byte[] wire = q.toWire();
                s.send(new DatagramPacket(wire, wire.length, address));
            }
            Map<Integer, Message> out = new HashMap<>();
            s.setSoTimeout(1000);
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    return out;
                }
                Message r = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                out.put(byId.get(r.getHeader().getID()), r);
            }
        }
    }
}
