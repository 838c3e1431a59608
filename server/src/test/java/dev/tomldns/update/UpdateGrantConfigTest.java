package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.config.UpdateGrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code allow-update} grants in the server configuration: read strictly (every mistake named with file, line and
 * key), names relative to the zone, {@code *} standing for exactly one label, and nothing allowed that is not
 * granted (RFC 2136 §3.3 leaves the policy to the server).
 */
class UpdateGrantConfigTest {
    @TempDir Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, text);
        return f;
    }

    private static final String KEYS = """
            [[key]]
            name = "acme"
            algorithm = "hmac-sha256"
            secret = "aGVsbG8="

            [[key]]
            name = "old"
            algorithm = "hmac-md5"
            secret = "aGVsbG8="
            """;

    @Test
    void grantsAllowOnlyTheirKeyNamesAndTypes() throws Exception {
        ServerConfig c = ServerConfigReader.read(write(KEYS + """

                [[zone]]
                name = "example.net."
                allow-update = [
                  { key = "acme", names = ["_acme-challenge", "_acme-challenge.*"], types = ["TXT"] },
                  { key = "old", subtree = ["lab.example.net."], types = ["ANY"] },
                ]
                """));
        List<UpdateGrant> grants = c.grantsFor(Name.fromString("example.net."));
        Name acme = Name.fromString("acme.");
        Name old = Name.fromString("old.");
        record Case(Name key, String name, int type, boolean allowed) { }
        List<Case> cases = List.of(
                new Case(acme, "_acme-challenge.example.net.", Type.TXT, true),
                new Case(acme, "_ACME-Challenge.Example.NET.", Type.TXT, true),
                new Case(acme, "_acme-challenge.www.example.net.", Type.TXT, true),
                new Case(acme, "_acme-challenge.a.b.example.net.", Type.TXT, false),
                new Case(acme, "_acme-challenge.example.net.", Type.A, false),
                new Case(acme, "www.example.net.", Type.TXT, false),
                new Case(old, "_acme-challenge.example.net.", Type.TXT, false),
                new Case(old, "lab.example.net.", Type.A, true),
                new Case(old, "deep.host.lab.example.net.", Type.CAA, true),
                new Case(old, "notlab.example.net.", Type.A, false));
        for (Case k : cases) {
            boolean allowed = grants.stream().anyMatch(g -> g.allows(k.key(), Name.fromConstantString(k.name()), k.type()));
            assertEquals(k.allowed(), allowed, k.toString());
        }
        assertTrue(c.grantsFor(Name.fromString("example.org.")).isEmpty(), "a zone without grants takes no updates");
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains(":8: key 'key[1].algorithm': hmac-md5 is weak")),
                c.warnings().toString());
    }

    @Test
    void everyMistakeInAGrantIsNamedWithItsLine() throws Exception {
        Path f = write(KEYS + """

                [[zone]]
                name = "example.net."
                allow-update = [
                  { key = "missing", names = ["www"], types = ["A"] },
                  { key = "acme", names = ["www.example.org."], types = ["A"] },
                  { key = "acme", names = ["www"], types = ["NOTATYPE"] },
                  { key = "acme", names = ["www"] },
                  { key = "acme", types = ["A"], extra = 1 },
                ]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(f));
        String all = e.getMessage();
        assertTrue(all.contains("key 'zone[0].allow-update[0].key': no [[key]] named missing."), all);
        assertTrue(all.contains("key 'zone[0].allow-update[1].names[0]': www.example.org. is not inside zone example.net."), all);
        assertTrue(all.contains("key 'zone[0].allow-update[2].types[0]': unknown record type 'NOTATYPE'"), all);
        assertTrue(all.contains("key 'zone[0].allow-update[3]': missing required key 'types'"), all);
        assertTrue(all.contains("key 'zone[0].allow-update[4].extra': unknown key"), all);
        assertTrue(all.contains("key 'zone[0].allow-update[4]': needs 'names' or 'subtree'"), all);
        assertTrue(all.contains(f + ":"), all);
    }
}
