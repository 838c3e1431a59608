package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RFC 8659 §4.1 (CAA: flags, tag length, tag, value) and RFC 1035 §3.3.14 (TXT: length-prefixed strings of at most
 * 255 octets): the structured forms of zone-format.md go on the wire octet for octet.
 */
class Rfc8659CaaAndRfc1035TxtEncodingTest {
    private static final Name APEX = Name.fromConstantString("example.test.");

    private static List<Record> records(String records) {
        ZoneFile zf = new ZoneFileReader().parse(Path.of("example.test.toml"),
                records + "\n[soa]\nmname = \"ns1\"\nrname = \"h\"\nserial = 1\n");
        assertNotNull(zf.zone(), zf.diagnostics().toString());
        return zf.records().stream().map(SourcedRecord::record).toList();
    }

    private static byte[] rdata(String records) {
        return records(records).get(0).rdataToWireCanonical();
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void caaStructuredIsFlagsTagLengthTagValue() {
        byte[] wire = rdata("[[records]]\nname = \"@\"\ntype = \"CAA\"\ntag = \"issue\"\nvalue = \"letsencrypt.org\"\n");
        assertArrayEquals(concat(bytes(0, 5), ascii("issue"), ascii("letsencrypt.org")), wire);
    }

    @Test
    void caaValueIsTakenVerbatimIncludingBackslashesAndNul() {
        // The story's record: the value is the four characters \000 when written that way in TOML ("\\000"),
        // and one NUL octet when written "\u0000". Neither is unescaped a second time.
        assertArrayEquals(concat(bytes(128, 5), ascii("issue"), ascii("\\000")),
                rdata("[[records]]\nname = \"@\"\ntype = \"CAA\"\nflags = 128\ntag = \"issue\"\nvalue = \"\\\\000\"\n"));
        assertArrayEquals(concat(bytes(0, 5), ascii("issue"), bytes(0)),
                rdata("[[records]]\nname = \"@\"\ntype = \"CAA\"\ntag = \"issue\"\nvalue = \"\\u0000\"\n"));
        assertArrayEquals(concat(bytes(0, 5), ascii("issue"), ascii(";")),
                rdata("[[records]]\nname = \"@\"\ntype = \"CAA\"\ntag = \"issue\"\nvalue = \";\"\n"));
    }

    @Test
    void caaDataFormIsPresentationFormat() {
        assertArrayEquals(concat(bytes(0, 5), ascii("issue"), ascii("ca.example; account=1")),
                rdata("[[records]]\nname = \"@\"\ntype = \"CAA\"\ndata = '0 issue \"ca.example; account=1\"'\n"));
    }

    @Test
    void txtStringIsCutEvery255Octets() {
        String key = "p=" + "A".repeat(400);
        byte[] wire = rdata("[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = \"" + key + "\"\n");
        byte[] k = ascii(key);
        assertEquals(2 + k.length, wire.length);
        assertEquals(255, wire[0] & 0xff);
        assertEquals(key.length() - 255, wire[256] & 0xff);
        assertArrayEquals(concat(bytes(255), java.util.Arrays.copyOfRange(k, 0, 255), bytes(k.length - 255),
                java.util.Arrays.copyOfRange(k, 255, k.length)), wire);
    }

    @Test
    void txtEmptyStringIsOneEmptyCharacterString() {
        assertArrayEquals(bytes(0), rdata("[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = \"\"\n"));
    }

    @Test
    void txtArrayIsOneStringPerElementAndTextIsLiteral() {
        byte[] wire = rdata("[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = [\"a\\\"b\", \"c\\\\d\", \"\", \"é\"]\n");
        assertArrayEquals(concat(bytes(3), ascii("a\"b"), bytes(3), ascii("c\\d"), bytes(0), bytes(2),
                bytes(0xc3, 0xa9)), wire);
    }

    @Test
    void txtDataFormFollowsZoneFileQuoting() {
        assertArrayEquals(concat(bytes(5), ascii("v=spf"), bytes(4), ascii("1 -a")),
                rdata("[[records]]\nname = \"@\"\ntype = \"TXT\"\ndata = '\"v=spf\" \"1 -a\"'\n"));
    }

    @Test
    void unknownTypeInRfc3597Form() {
        Record r = records("[[records]]\nname = \"@\"\ntype = \"TYPE65400\"\ndata = '\\# 2 abcd'\n").get(0);
        assertEquals(65400, r.getType());
        assertArrayEquals(bytes(0xab, 0xcd), r.rdataToWireCanonical());
        assertEquals(Type.CAA, Type.value("caa"));
        assertEquals(APEX, r.getName());
    }
}
