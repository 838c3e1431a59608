package dev.tomldns.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.edns.Nsid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsid} and the {@code [cookies]} table: off and not required by default, strict keys and values. */
class EdnsConfigTest {
    @TempDir Path dir;

    private ServerConfig read(String text) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, text);
        return ServerConfigReader.read(f);
    }

    @Test
    void defaultsAreNoNsidAndCookiesAnsweredNotRequired() throws Exception {
        ServerConfig c = read("");
        assertNull(c.nsid());
        assertTrue(c.cookies().secrets().isEmpty());
        assertFalse(c.cookies().require());
    }

    @Test
    void nsidAsTextOrHexAndACookieSecret() throws Exception {
        ServerConfig c = read("""
                nsid = "0x0102ff"
                [cookies]
                secret = "e5e973e5a6b2a43f48e7dc849e37bfcf"
                require = true
                """);
        assertEquals(Nsid.parse("0x0102ff"), c.nsid());
        assertArrayEquals(HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"), c.cookies().secrets().get(0));
        assertTrue(c.cookies().require());
        // Rotation: the new secret first, the old one still accepted.
        ServerConfig rotated = read("""
                [cookies]
                secret = ["00112233445566778899aabbccddeeff", "e5e973e5a6b2a43f48e7dc849e37bfcf"]
                """);
        assertEquals(2, rotated.cookies().secrets().size());
        assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
                rotated.cookies().secrets().get(0));
        assertArrayEquals("ns1".getBytes(), read("nsid = \"ns1\"\n").nsid().octets());
    }

    @Test
    void badValuesAreErrorsAtTheirLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> read("""
                nsid = "0xabc"
                [cookies]
                secret = "0011"
                require = "yes"
                rotate = true
                """));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("tomldns.toml:1: key 'nsid'"), all);
        assertTrue(all.contains("tomldns.toml:3: key 'cookies.secret': must be 32 hex digits"), all);
        assertTrue(all.contains("tomldns.toml:4: key 'cookies.require': must be true or false"), all);
        assertTrue(all.contains("tomldns.toml:5: key 'cookies.rotate': unknown key"), all);
    }
}
