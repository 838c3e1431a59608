package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.state.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * The {@code dnssec} setting of a {@code [[zone]]} entry: {@code true} is the default policy, a table changes parts
 * of it, and anything else (an unknown key, an algorithm tomldns does not sign with, a refresh window as long as the
 * validity) is an error naming the key and its line. Signing needs a state directory of its own.
 */
class DnssecSettingTest {
    @TempDir
    Path dir;

    private ServerConfig read(String dnssec) throws Exception {
        Path f = dir.resolve("c.toml");
        Files.writeString(f, "[[zone]]\nname = \"example.net.\"\ndnssec = " + dnssec + "\n");
        return ServerConfigReader.read(f);
    }

    @Test
    void valuesAndDefaults() throws Exception {
        Name zone = Name.fromString("example.net.");
        assertEquals(SigningPolicy.DEFAULT, read("true").signing().get(zone));
        assertEquals(null, read("false").signing().get(zone));
        SigningPolicy p = read("{ algorithm = \"ed25519\", denial = \"nsec3\", signature-validity-days = 21, "
                + "signature-refresh-days = 9 }").signing().get(zone);
        assertEquals(new SigningPolicy(DNSSEC.Algorithm.ED25519, SigningPolicy.Denial.NSEC3, Duration.ofDays(21),
                Duration.ofDays(9)), p);
        assertEquals(null, SigningPolicy.DEFAULT.kskLifetime(), "the KSK/CSK is rolled only when asked");
        SigningPolicy roll = read("{ keys = \"ksk+zsk\", ksk-lifetime-days = 365, parent-ds-ttl = 3600 }")
                .signing().get(zone);
        assertEquals(Duration.ofDays(365), roll.kskLifetime());
        assertEquals(Duration.ofHours(1), roll.parentDsTtl());
        assertEquals(Duration.ofDays(30), read("{ ksk-lifetime-days = 30 }").signing().get(zone).kskLifetime(),
                "a CSK rolls too");
        assertEquals(null, read("{ ksk-lifetime-days = 0 }").signing().get(zone).kskLifetime(), "0: never");
        assertEquals(Duration.ofDays(1), read("true").signing().get(zone).parentDsTtl());
        assertEquals(DNSSEC.Algorithm.ECDSAP256SHA256, SigningPolicy.DEFAULT.algorithm());
        assertEquals(SigningPolicy.Denial.NSEC, SigningPolicy.DEFAULT.denial());
    }

    @Test
    void badValuesAreErrorsWithTheirLine() {
        List<String[]> cases = List.of(
                new String[] {"{ algorithim = \"ed25519\" }", "key 'zone[0].dnssec.algorithim': unknown key"},
                new String[] {"{ algorithm = \"rsasha256\" }", "is not an algorithm tomldns signs with"},
                new String[] {"{ denial = \"nsec5\" }", "is neither \"nsec\""},
                new String[] {"{ signature-refresh-days = 14 }", "must be less than signature-validity-days"},
                new String[] {"{ signature-validity-days = 0 }", "must be a whole number from 1 to 365"},
                new String[] {"{ ksk-lifetime-days = -1 }", "must be a whole number from 0 (never rolled"},
                new String[] {"{ ksk-lifetime-days = \"1y\" }", "must be a whole number from 0 (never rolled"},
                new String[] {"{ parent-ds-ttl = 0 }", "must be a whole number from 1 to 604800"},
                new String[] {"{ ksk_lifetime_days = 30 }", "key 'zone[0].dnssec.ksk_lifetime_days': unknown key"},
                new String[] {"\"yes\"", "must be true, false or a table"});
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> read(c[0]), c[0]);
            String all = String.join("\n", e.problems());
            assertTrue(all.contains(c[1]) && all.contains("c.toml:3:"), c[0] + " gave: " + all);
        }
    }

    @Test
    void keysNeedAStateDirectoryOfTheirOwn() throws Exception {
        SigningException e = assertThrows(SigningException.class,
                () -> ZoneKeyStore.in(StateDirectory.inZonesFolder(dir)));
        assertTrue(e.getMessage().contains("give `serve --state-dir DIR`"), e.getMessage());
    }
}
