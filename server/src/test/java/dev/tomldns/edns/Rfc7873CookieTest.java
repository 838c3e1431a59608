package dev.tomldns.edns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Sockets;
import dev.tomldns.testing.Tools;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS cookies (RFC 7873 §5.2) with server cookies as RFC 9018 makes them, asked by dig, kdig and dnsjava over real
 * sockets: a client cookie gets a server cookie back; BADCOOKIE only when cookies are required, only over UDP,
 * only to a query with a client cookie and no valid server cookie; a valid server cookie exempts a client from
 * response rate limiting (§5.3, as BIND).
 */
class Rfc7873CookieTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = HEX.parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");
    private static final byte[] CLIENT = HEX.parseHex("2464c4abcf10c957");
    private static final Pattern DIG_COOKIE = Pattern.compile("; COOKIE: ([0-9a-f]{16})([0-9a-f]{32}) \\(good\\)");

    @Test
    void digAndKdigGetAServerCookieThatVerifiesUnderTheSecret() throws Exception {
        try (EdnsServer s = new EdnsServer(new EdnsOptions(null, ServerCookie.withSecret(SECRET), false), null)) {
            String dig = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+cookie=2464c4abcf10c957", "+tries=1",
                    "example.net", "SOA").out();
            Matcher m = DIG_COOKIE.matcher(dig);
            assertTrue(m.find(), dig);
            assertEquals("2464c4abcf10c957", m.group(1));
            byte[] server = HEX.parseHex(m.group(2));
            assertTrue(ServerCookie.withSecret(SECRET).valid(CLIENT, server, InetAddress.getByName("127.0.0.1"),
                    System.currentTimeMillis() / 1000), m.group(2));
            assertTrue(dig.contains("status: NOERROR") && dig.contains("ANSWER: 1"), dig);
            String kdig = Tools.run("kdig", "@127.0.0.1", "-p", s.port(), "+cookie", "example.net", "SOA").out();
            assertTrue(Pattern.compile(";; COOKIE: [0-9A-F]{16}01000000[0-9A-F]{24}").matcher(kdig).find(), kdig);
            // The server cookie sent back is accepted (dig +cookie=client+server) and a new one returned.
            String again = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+cookie=" + m.group(1) + m.group(2),
                    "+tries=1", "example.net", "SOA").out();
            assertTrue(again.contains("status: NOERROR") && DIG_COOKIE.matcher(again).find(), again);
            // Without a cookie, none comes back (RFC 7873 §5.2.1).
            String none = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+nocookie", "+tries=1", "example.net",
                    "SOA").out();
            assertFalse(none.contains("COOKIE"), none);
        }
    }

    /** Case, transport, server cookie sent (null: client cookie only; "none": no cookie option), expected rcode. */
    @Test
    void badCookieOnlyWhereRequiredOverUdpWithoutAValidServerCookie() throws Exception {
        try (EdnsServer required = new EdnsServer(new EdnsOptions(null, ServerCookie.withSecret(SECRET), true), null);
             EdnsServer optional = new EdnsServer(new EdnsOptions(null, ServerCookie.withSecret(SECRET), false),
                     null)) {
            byte[] good = ServerCookie.withSecret(SECRET).make(CLIENT, InetAddress.getByName("127.0.0.1"),
                    System.currentTimeMillis() / 1000);
            byte[] forged = good.clone();
            forged[15] ^= 1;
            byte[] stale = ServerCookie.withSecret(SECRET).make(CLIENT, InetAddress.getByName("127.0.0.1"),
                    System.currentTimeMillis() / 1000 - 7200);
            record Case(String what, EdnsServer server, Sockets.Transport transport, boolean cookie, byte[] serverCookie,
                        int rcode) { }
            List<Case> cases = List.of(
                    new Case("required, client cookie only", required, Sockets.Transport.UDP, true, null, 23),
                    new Case("required, forged server cookie", required, Sockets.Transport.UDP, true, forged, 23),
                    new Case("required, stale server cookie", required, Sockets.Transport.UDP, true, stale, 23),
                    new Case("required, valid server cookie", required, Sockets.Transport.UDP, true, good, 0),
                    new Case("required, no cookie at all", required, Sockets.Transport.UDP, false, null, 0),
                    new Case("required, over TCP", required, Sockets.Transport.TCP, true, forged, 0),
                    new Case("not required, client cookie only", optional, Sockets.Transport.UDP, true, null, 0),
                    new Case("not required, forged server cookie", optional, Sockets.Transport.UDP, true, forged, 0));
            for (Case c : cases) {
                Message q = Fixture.query("example.net.", Type.SOA);
                List<EDNSOption> options = c.cookie()
                        ? List.of(c.serverCookie() == null ? new CookieOption(CLIENT)
                                : new CookieOption(CLIENT, c.serverCookie()))
                        : List.of();
                q.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
                Message r = Sockets.ask(c.transport(), c.server().address, q);
                assertEquals(c.rcode(), r.getRcode(), c.what() + ": " + r);
                assertEquals(c.rcode() == 0 ? 1 : 0, r.getSection(Section.ANSWER).size(), c.what());
                List<EDNSOption> back = r.getOPT().getOptions(10);
                if (!c.cookie()) {
                    assertTrue(back.isEmpty(), c.what());
                    continue;
                }
                CookieOption cookie = (CookieOption) back.get(0);
                assertArrayEquals(CLIENT, cookie.getClientCookie(), c.what());
                // Every reply, BADCOOKIE included, carries a valid server cookie to use next time.
                assertTrue(ServerCookie.withSecret(SECRET).valid(CLIENT, cookie.getServerCookie().orElseThrow(),
                        InetAddress.getByName("127.0.0.1"), System.currentTimeMillis() / 1000), c.what());
            }
        }
    }

    @Test
    void aMalformedCookieIsFormErr() throws Exception {
        try (EdnsServer s = new EdnsServer(EdnsOptions.defaults(), null)) {
            // RFC 7873 §5.2.2: a COOKIE option of 7 octets (neither 8 nor 16 to 40).
            byte[] q = HEX.parseHex("abcd00000001000000000001076578616d706c65036e65740000060001"
                    + "0000290400000000000b" + "000a0007" + "01020304050607");
            Message r = new Message(Sockets.udp(s.address, q));
            assertEquals(Rcode.FORMERR, r.getRcode());
            assertEquals(0xabcd, r.getHeader().getID());
        }
    }

    @Test
    void aValidServerCookieExemptsTheClientFromRateLimiting() throws Exception {
        try (EdnsServer s = new EdnsServer(new EdnsOptions(null, ServerCookie.withSecret(SECRET), false),
                RrlSettings.of(2).withSlip(0))) {
            byte[] good = ServerCookie.withSecret(SECRET).make(CLIENT, InetAddress.getByName("127.0.0.1"),
                    System.currentTimeMillis() / 1000);
            assertEquals(20, burst(s, new CookieOption(CLIENT, good), 20), "valid cookie: every answer sent");
            int plain = burst(s, new CookieOption(CLIENT), 20);
            assertTrue(plain <= 4, "client cookie only: limited, " + plain + " of 20 answered");
        }
    }

    /** Sends {@code n} queries with {@code cookie} at once over UDP; how many full answers come back. */
    private static int burst(EdnsServer s, CookieOption cookie, int n) throws Exception {
        int answered = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < n; i++) {
                Message q = Fixture.query("example.net.", Type.SOA);
                q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookie)), Section.ADDITIONAL);
                byte[] wire = q.toWire();
                socket.send(new DatagramPacket(wire, wire.length, s.address));
            }
            socket.setSoTimeout(1000);
            byte[] buf = new byte[4096];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return answered;
                }
                Message r = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                assertNotNull(r.getOPT());
                if (!r.getHeader().getFlag(Flags.TC) && r.getSection(Section.ANSWER).size() == 1) {
                    answered++;
                }
            }
        }
    }
}
