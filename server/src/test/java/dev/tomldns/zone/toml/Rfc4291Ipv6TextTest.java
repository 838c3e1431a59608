package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;

/**
 * RFC 4291 §2.2 text forms read by {@link CommonRdata#ipv6}'s own loop give the octets dnsjava's
 * {@link Address#toByteArray} gives, and whatever the loop does not take is dnsjava's to read or refuse.
 */
class Rfc4291Ipv6TextTest {

    private static void assertAsDnsjava(String s) {
        byte[] dnsjava = Address.toByteArray(s, Address.IPv6);
        byte[] quick = CommonRdata.ipv6Groups(s);
        if (quick != null) {
            assertNotNull(dnsjava, "taken by the loop but refused by dnsjava: '" + s + "'");
            assertArrayEquals(dnsjava, quick, s);
        }
        assertArrayEquals(dnsjava, CommonRdata.ipv6(s), s);
    }

    @Test
    void preferredAndCompressedFormsAreTakenAndMatchDnsjava() {
        for (String s : List.of("2001:db8::1", "::", "::1", "1::", "2001:DB8:0:0:8:800:200C:417A", "ff01::101",
                "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "0:0:0:0:0:0:0:0", "fe80::a:b:c:d")) {
            assertNotNull(CommonRdata.ipv6Groups(s), s);
            assertAsDnsjava(s);
        }
    }

    @Test
    void otherFormsAreLeftToDnsjava() {
        for (String s : List.of("", ":", ":::", "1:", ":1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::",
                "1:2:3:4:5:6:7", "::ffff:192.0.2.1", "1::2:3:4:5:6:7:8", "::1:", " ::1", "0x1::", "+1::")) {
            assertNull(CommonRdata.ipv6Groups(s), s);
            assertAsDnsjava(s);
        }
    }

    @Test
    void randomTextsReadAsDnsjavaReadsThem() {
        Random rnd = new Random(4291);
        String alphabet = "0123456789abcdefABCDEF::::.g";
        for (int round = 0; round < 200_000; round++) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextBoolean()) {
                // an address from random groups, perhaps with one run of groups written as "::"
                List<String> groups = new ArrayList<>();
                for (int g = 0; g < 8; g++) {
                    groups.add(Integer.toHexString(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(0x10000)));
                }
                int from = rnd.nextInt(9);
                int to = from + rnd.nextInt(9 - from);
                String text = String.join(":", groups.subList(0, from)) + (to > from || rnd.nextBoolean() ? "::" : ":")
                        + String.join(":", groups.subList(to, 8));
                sb.append(rnd.nextInt(10) == 0 ? text.toUpperCase() : text);
            } else {
                int len = rnd.nextInt(20);
                for (int k = 0; k < len; k++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            assertAsDnsjava(sb.toString());
        }
    }
}
