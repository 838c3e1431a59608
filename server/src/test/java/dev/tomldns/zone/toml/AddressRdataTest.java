package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.ZoneFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A and AAAA data go to the zone as wire octets without a record object (RFC 1035 §3.4.1, RFC 3596 §2.2: the
 * address, 4 or 16 octets): what {@link CommonRdata#address} takes must be exactly what dnsjava's parser makes of
 * the same text, and anything else (another type, text that is not a plain address) is left to the parser, which
 * names the error.
 */
class AddressRdataTest {
    private static final Name ORIGIN = Name.fromConstantString("example.net.");

    private static byte[] dnsjava(int type, String text) throws Exception {
        return Record.fromString(ORIGIN, type, DClass.IN, 300, text, ORIGIN).rdataToWireCanonical();
    }

    @Test
    void plainAddressesAreTheOctetsDnsjavaMakes() throws Exception {
        for (String a : List.of("192.0.2.1", "0.0.0.0", "255.255.255.255", " 198.51.100.7 ")) {
            assertArrayEquals(dnsjava(Type.A, a), CommonRdata.address(Type.A, a), a);
        }
        for (String a : List.of("2001:db8::1", "::", "::1", "2001:DB8:0:0:8:800:200C:417A", "::ffff:192.0.2.1",
                "fe80::a:b:c:d")) {
            assertArrayEquals(dnsjava(Type.AAAA, a), CommonRdata.address(Type.AAAA, a), a);
        }
    }

    @Test
    void otherTypesAndOtherTextAreLeftToTheParser() {
        assertNull(CommonRdata.address(Type.TXT, "192.0.2.1"));
        assertNull(CommonRdata.address(Type.NS, "192.0.2.1"));
        for (String a : List.of("", "192.0.2", "192.0.2.256", "10.0.0.01", "192.0.2.1 ; comment", "\"192.0.2.1\"", "2001:db8::1")) {
            assertNull(CommonRdata.address(Type.A, a), a);
        }
        for (String a : List.of("", "2001:db8::1::2", "192.0.2.1", "2001:db8::g", "( 2001:db8::1 )")) {
            assertNull(CommonRdata.address(Type.AAAA, a), a);
        }
    }

    @Test
    void aZoneReadsItsAddressRecordsAsDnsjavaWouldAndReportsBadOnesAtTheirLine() throws Exception {
        String toml = """
                origin = "example.net."
                [soa]
                mname = "ns1.example.net."
                rname = "hostmaster.example.net."
                serial = 1
                [[records]]
                name = "www"
                type = "A"
                data = "192.0.2.10"
                [[records]]
                name = "www"
                type = "AAAA"
                data = "2001:db8::10"
                [[records]]
                name = "bad"
                type = "A"
                data = "192.0.2.300"
                """;
        ZoneFile zf = new ZoneFileReader().parse(Path.of("example.net.toml"), toml.getBytes(StandardCharsets.UTF_8));
        assertNull(zf.zone(), "a bad address is an error");
        assertTrue(zf.diagnostics().stream().anyMatch(d -> d.line() == 17 && d.isError()
                && d.toString().contains("bad data '192.0.2.300'")), zf.diagnostics().toString());

        ZoneFile good = new ZoneFileReader().parse(Path.of("example.net.toml"),
                toml.substring(0, toml.indexOf("[[records]]\nname = \"bad\"")).getBytes(StandardCharsets.UTF_8));
        Name www = Name.fromString("www", ORIGIN);
        assertEquals(List.of(Record.fromString(www, Type.A, DClass.IN, 3600, "192.0.2.10", ORIGIN)),
                good.zone().rrset(www, Type.A).rrs(false));
        assertEquals(List.of(Record.fromString(www, Type.AAAA, DClass.IN, 3600, "2001:db8::10", ORIGIN)),
                good.zone().rrset(www, Type.AAAA).rrs(false));
    }
}
