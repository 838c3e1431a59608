package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The reader's shortcut for plain A/AAAA/NS/CNAME/PTR/MX data must give exactly the record dnsjava's RFC 1035
 * parser gives (same owner, TTL and RDATA octets), for relative and absolute names alike.
 */
class CommonRdataMatchesDnsjavaTest {
    private static final Name ORIGIN = Name.fromConstantString("example.test.");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "A|192.0.2.1", "A| 192.0.2.1 ", "AAAA|2001:db8::1", "AAAA|::ffff:192.0.2.1", "AAAA|2001:DB8:0:0:0:0:0:1",
            "NS|ns1", "NS|ns1.example.org.", "CNAME|@", "CNAME|www.Example.TEST.", "CNAME|a-b_c", "PTR|host",
            "MX|10 mail", "MX|0 .", "MX|65535 mx.example.org.", "MX|10  mail", "CNAME|*.wild", "NS|ns\\.dot"})
    void sameRecordAsDnsjava(String type, String data) throws Exception {
        String toml = "[[records]]\nname = \"x\"\ntype = \"" + type + "\"\ndata = '" + data + "'\n\n"
                + "[soa]\nmname = \"ns1\"\nrname = \"h\"\nserial = 1\n";
        ZoneFile zf = new ZoneFileReader().parse(Path.of("example.test.toml"), toml);
        assertNotNull(zf.zone(), zf.diagnostics().toString());
        Record ours = zf.records().get(0).record();
        Record theirs = Record.fromString(Name.fromString("x", ORIGIN), Type.value(type), DClass.IN, 3600, data, ORIGIN);
        assertEquals(theirs, ours);
        assertEquals(theirs.getTTL(), ours.getTTL());
        assertArrayEquals(theirs.rdataToWireCanonical(), ours.rdataToWireCanonical());
        assertEquals(theirs.rdataToString(), ours.rdataToString());
    }
}
