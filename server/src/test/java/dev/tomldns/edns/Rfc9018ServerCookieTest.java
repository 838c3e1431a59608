package dev.tomldns.edns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9018's server cookies, pinned to its Appendix A test vectors. */
class Rfc9018ServerCookieTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ServerCookie SECRET = ServerCookie.withSecret(HEX.parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"));
    private static final byte[] CLIENT = HEX.parseHex("2464c4abcf10c957");

    @Test
    void appendixA1LearningANewServerCookie() throws Exception {
        // Client 198.51.100.100, timestamp 1559731985 (2019-06-05 10:53:05 UTC).
        byte[] cookie = SECRET.make(CLIENT, InetAddress.getByName("198.51.100.100"), 1559731985L);
        assertEquals("010000005cf79f111f8130c3eee29480", HEX.formatHex(cookie));
        assertTrue(SECRET.valid(CLIENT, cookie, InetAddress.getByName("198.51.100.100"), 1559731985L + 1800));
    }

    @Test
    void aCookieIsBoundToTheClientItsAddressAndTime() throws Exception {
        InetAddress client = InetAddress.getByName("198.51.100.100");
        byte[] cookie = SECRET.make(CLIENT, client, 1559731985L);
        assertFalse(SECRET.valid(CLIENT, cookie, InetAddress.getByName("198.51.100.101"), 1559731985L));
        assertFalse(SECRET.valid(HEX.parseHex("2464c4abcf10c958"), cookie, client, 1559731985L));
        // RFC 9018 §4.3: more than an hour old, or more than five minutes ahead, is not accepted.
        assertFalse(SECRET.valid(CLIENT, cookie, client, 1559731985L + 3601));
        assertFalse(SECRET.valid(CLIENT, cookie, client, 1559731985L - 301));
        byte[] forged = cookie.clone();
        forged[15] ^= 1;
        assertFalse(SECRET.valid(CLIENT, forged, client, 1559731985L));
        assertFalse(ServerCookie.withRandomSecret().valid(CLIENT, cookie, client, 1559731985L));
    }

    @Test
    void aRotatedSecretKeepsItsCookiesValidWhileTheNewOneMakesThem() throws Exception {
        InetAddress client = InetAddress.getByName("198.51.100.100");
        byte[] newSecret = HEX.parseHex("00112233445566778899aabbccddeeff");
        ServerCookie rotated = ServerCookie.withSecrets(List.of(newSecret, HEX.parseHex(
                "e5e973e5a6b2a43f48e7dc849e37bfcf")));
        byte[] old = SECRET.make(CLIENT, client, 1559731985L);
        assertTrue(rotated.valid(CLIENT, old, client, 1559731985L));
        byte[] made = rotated.make(CLIENT, client, 1559731985L);
        assertTrue(ServerCookie.withSecret(newSecret).valid(CLIENT, made, client, 1559731985L));
        assertFalse(SECRET.valid(CLIENT, made, client, 1559731985L));
    }

    @Test
    void ipv6ClientsHashTheirSixteenOctets() throws Exception {
        byte[] cookie = SECRET.make(CLIENT, InetAddress.getByName("2001:db8::53"), 1559731985L);
        assertArrayEquals(HEX.parseHex("010000005cf79f11"), java.util.Arrays.copyOf(cookie, 8));
        assertTrue(SECRET.valid(CLIENT, cookie, InetAddress.getByName("2001:db8::53"), 1559731985L));
    }
}
