package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * RFC 1035 §3.1: the wire form {@link PlainName} makes of a relative owner name is dnsjava's, octet for octet
 * (letter case kept), and every text it does not take is left to dnsjava.
 */
class Rfc1035PlainOwnerNameTest {
    private static final Name ORIGIN = Name.fromConstantString("Example.ORG.");

    @ParameterizedTest
    @ValueSource(strings = {"www", "WWW", "h62867", "_dmarc", "sel1._domainkey", "*", "*.wild", "a-b.c_d.e",
        "x.y.z.w.v", "0", "xn--bcher-kva"})
    void plainNamesAreDnsjavasWireForm(String text) throws TextParseException {
        assertArrayEquals(Name.fromString(text, ORIGIN).toWire(), PlainName.toWire(text, ORIGIN.toWire()), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "www.", "a..b", ".a", "a b", "a\\046b", "\\065", "caf\u00e9", "a@b", "a/b",
        "toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong1"})
    void anythingElseIsLeftToDnsjava(String text) {
        assertNull(PlainName.toWire(text, ORIGIN.toWire()), text);
    }

    @Test
    void nameLongerThan255OctetsIsLeftToDnsjava() {
        String label = "a".repeat(63);
        String text = label + "." + label + "." + label + "." + label.substring(0, 50);
        assertNull(PlainName.toWire(text, ORIGIN.toWire()));
    }

    /** Random names from the plain alphabet: each is dnsjava's wire form, or left to dnsjava where dnsjava fails. */
    @Test
    void randomPlainNamesAgreeWithDnsjava() {
        Random random = new Random(1035);
        String alphabet = "abcXYZ019-_*.";
        for (int k = 0; k < 20_000; k++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 260 : 20);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            byte[] ours = PlainName.toWire(t, ORIGIN.toWire());
            byte[] padded = ("\"" + t + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertArrayEquals(ours, PlainName.toWire(padded, 1, padded.length - 1, ORIGIN.toWire()), t);
            if (ours == null) {
                continue; // dnsjava reads it (or reports it) as before
            }
            try {
                assertArrayEquals(Name.fromString(t, ORIGIN).toWire(), ours, t);
            } catch (TextParseException e) {
                throw new AssertionError("plain name '" + t + "' is no name to dnsjava: " + e.getMessage());
            }
        }
    }

    /**
     * RFC 1035 §3.4.1: the IPv4 octets read straight from the file are dnsjava's wherever they are given; what
     * they refuse (leading zeros, signs, blanks, five parts...) goes to dnsjava as before.
     */
    @Test
    void randomIpv4TextsAgreeWithDnsjava() {
        Random random = new Random(3041);
        String alphabet = "0123456789..0125 x";
        for (int k = 0; k < 50_000; k++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                text.append(random.nextInt(300)).append('.').append(random.nextInt(300)).append('.')
                        .append(random.nextInt(300)).append('.').append(random.nextInt(300));
            } else {
                int length = 1 + random.nextInt(18);
                for (int i = 0; i < length; i++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String t = text.toString();
            byte[] b = t.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] ours = PlainName.ipv4(b, 0, b.length);
            if (ours != null) {
                assertArrayEquals(org.xbill.DNS.Address.toByteArray(t, org.xbill.DNS.Address.IPv4), ours, t);
            }
        }
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 0}, PlainName.ipv4("198.51.100.0".getBytes(), 0, 12));
        assertNull(PlainName.ipv4("198.51.100.010".getBytes(), 0, 14));
        assertNull(PlainName.ipv4("198.51.100".getBytes(), 0, 10));
        assertNull(PlainName.ipv4("198.51.100.1.2".getBytes(), 0, 14));
        assertNull(PlainName.ipv4("198.51.100.256".getBytes(), 0, 14));
    }
}
