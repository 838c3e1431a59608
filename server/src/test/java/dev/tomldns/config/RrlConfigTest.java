package dev.tomldns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.security.CidrBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [rrl]} table: off when absent, BIND's defaults when present, strict keys and ranges. */
class RrlConfigTest {
    @TempDir Path dir;

    private ServerConfig read(String text) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, text);
        return ServerConfigReader.read(f);
    }

    @Test
    void offWithoutTheTable() throws Exception {
        assertNull(read("listen = [\"127.0.0.1:53\"]\n").rrl());
        assertNull(ServerConfig.empty().rrl());
    }

    @Test
    void anEmptyTableTurnsItOnWithTheDefaults() throws Exception {
        RrlSettings s = read("[rrl]\n").rrl();
        assertEquals(new RrlSettings(20, 20, 20, 20, 20, 2, 15, 24, 56, 65_536, List.of()), s);
    }

    @Test
    void everyKindDefaultsToResponsesPerSecondAndZeroLeavesAKindUnlimited() throws Exception {
        RrlSettings s = read("""
                [rrl]
                responses-per-second = 10
                errors-per-second = 0
                slip = 1
                window = 5
                ipv4-prefix-length = 32
                ipv6-prefix-length = 64
                table-size = 1000
                exempt-clients = ["192.0.2.0/24", "2001:db8::1"]
                """).rrl();
        assertEquals(new RrlSettings(10, 10, 10, 10, 0, 1, 5, 32, 64, 1000,
                List.of(CidrBlock.parse("192.0.2.0/24"), CidrBlock.parse("2001:db8::1"))), s);
    }

    @Test
    void unknownKeysAndValuesOutOfRangeAreErrorsAtTheirLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> read("""
                [rrl]
                rate-limit = 5
                slip = 11
                window = 0
                ipv4-prefix-length = 33
                exempt-clients = ["not-an-address"]
                """));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("tomldns.toml:2: key 'rrl.rate-limit': unknown key"), all);
        assertTrue(all.contains("tomldns.toml:3: key 'rrl.slip': must be a whole number from 0 to 10, not 11"), all);
        assertTrue(all.contains("tomldns.toml:4: key 'rrl.window': must be a whole number from 1 to 3600"), all);
        assertTrue(all.contains("tomldns.toml:5: key 'rrl.ipv4-prefix-length'"), all);
        assertTrue(all.contains("tomldns.toml:6: key 'rrl.exempt-clients[0]'"), all);
    }
}
