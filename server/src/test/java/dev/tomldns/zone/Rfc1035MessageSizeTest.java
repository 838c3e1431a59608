package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 1035 §4.2.2: a DNS message is at most 65,535 octets, over TCP too; RFC 2181 §9: an RRset is never split. An
 * RRset whose smallest answer (12-octet header, question, every record with its owner compressed) is longer can
 * never be answered and is an error; one that fits only without the 11-octet OPT record is a warning.
 *
 * <p>{@code big.size.test. A}: the question is 15 + 4 octets (name and type/class), each A record 2 + 10 + 4:
 * 4,093 records take 12 + 19 + 65,488 = 65,519 octets (room for OPT), 4,094 take 65,535 (the limit: no room for
 * OPT), 4,095 take 65,551.
 */
class Rfc1035MessageSizeTest {
    private static final Path FILE = Path.of("size.test.toml");

    static String zoneWith(int records) {
        StringBuilder z = new StringBuilder("""
                [soa]
                mname = "ns1.size.test."
                rname = "hostmaster.size.test."
                serial = 1
                [[records]]
                name = "@"
                type = "NS"
                data = "ns1.size.test."
                """);
        z.append(dev.tomldns.testing.ZoneText.aRecords("big", records));
        return z.toString();
    }

    @ParameterizedTest(name = "{0} A records: {1}")
    @CsvSource({
        "4093, clean,   65519",
        "4094, warning, 65535",
        "4095, error,   65551",
        "5000, error,   80031",
    })
    void anRRsetMustFitOneMessage(int records, String verdict, int octets) {
        ZoneFile zf = new ZoneFileReader().parse(FILE, zoneWith(records));
        List<Diagnostic> found = zf.diagnostics();
        switch (verdict) {
            case "clean" -> {
                assertEquals(List.of(), found);
                assertNotNull(zf.zone());
            }
            case "warning" -> {
                assertNotNull(zf.zone(), found.toString());
                assertEquals(1, found.size(), found.toString());
                assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
                assertTrue(found.get(0).message().contains(octets + " octets") && found.get(0).message()
                        .contains("OPT"), found.toString());
            }
            default -> {
                assertNull(zf.zone(), "an RRset no message can hold is not served");
                assertEquals(1, zf.errors().size(), found.toString());
                Diagnostic d = zf.errors().get(0);
                assertEquals(10, d.line(), "the line of the RRset's first record: " + d);
                assertTrue(d.message().startsWith("RRset big.size.test. A (" + records + " records) needs " + octets
                        + " octets in the smallest answer"), d.toString());
                assertTrue(d.message().contains("65535") && d.message().contains("RFC 1035 §4.2.2"), d.toString());
            }
        }
    }
}
