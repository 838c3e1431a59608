package dev.tomldns.edit;

import dev.tomldns.cli.Cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tomldns import} of RFC 1035 master files (§5.1: {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE},
 * relative names, {@code \DDD}, parentheses; BIND's {@code $GENERATE}), case by case: what the TOML says.
 */
class Rfc1035ImportTest {
    private static final String HEAD = "$ORIGIN imp.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
            + "@ IN NS ns1\nns1 IN A 192.0.2.53\n";

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("relative names under a later $ORIGIN", "$ORIGIN sub.imp.test.\nwww IN A 192.0.2.1\n",
                        "name = \"www.sub\"\ntype = \"A\"\ndata = \"192.0.2.1\""),
                Arguments.of("a TTL other than the zone's", "www 300 IN A 192.0.2.1\n", "data = \"192.0.2.1\"\nttl = 300\n"),
                Arguments.of("$TTL for the records after it", "$TTL 60\na IN A 192.0.2.1\n", "name = \"a\"\ntype = \"A\"\ndata = \"192.0.2.1\"\nttl = 60"),
                Arguments.of("$GENERATE", "$GENERATE 1-3 h$ A 192.0.2.$\n", "name = \"h3\"\ntype = \"A\"\ndata = \"192.0.2.3\""),
                Arguments.of("\\DDD in an owner name", "a\\032b IN A 192.0.2.1\n", "name = 'a\\032b'"),
                Arguments.of("a record over lines in parentheses", "mx IN MX ( 10\n   mail )\n",
                        "data = \"10 mail.imp.test.\""),
                Arguments.of("CAA with flags 128, structured", "@ IN CAA 128 issue \"letsencrypt.org\"\n",
                        "type = \"CAA\"\nflags = 128\ntag = \"issue\"\nvalue = \"letsencrypt.org\""),
                Arguments.of("CAA whose value is a NUL octet: data", "@ IN CAA 0 issue \"\\000\"\n",
                        "type = \"CAA\"\ndata = '0 issue \"\\000\"'"),
                Arguments.of("TXT with escapes that are UTF-8 text", "t IN TXT \"caf\\195\\169 \\\"q\\\" \\\\\"\n",
                        "text = 'café \"q\" \\'"),
                Arguments.of("TXT with octets that are not UTF-8: data, as dig prints it", "t IN TXT \"ok\" \"\\255\"\n",
                        "data = '\"ok\" \"\\255\"'"),
                Arguments.of("TXT of several strings not cut at 255 octets: an array", "t IN TXT \"a\" \"\" \"b\"\n",
                        "text = [\"a\", \"\", \"b\"]"),
                Arguments.of("TXT cut every 255 octets: one text", "t IN TXT \"" + "k".repeat(255) + "\" \"rest\"\n",
                        "text = \"" + "k".repeat(255) + "rest\""),
                Arguments.of("AAAA in RFC 5952 form", "v6 IN AAAA 2001:0db8:0000:0000:0000:0000:0000:0010\n",
                        "data = \"2001:db8::10\""),
                Arguments.of("a comment on the record's line", "www IN A 192.0.2.1 ; the web server\n",
                        "# the web server\n[[records]]\nname = \"www\""),
                Arguments.of("comment lines above a record", "; mail\n; (two lines)\nmail IN A 192.0.2.25\n",
                        "# mail\n# (two lines)\n[[records]]\nname = \"mail\""),
                Arguments.of("records grouped by name in zone order", "a IN A 192.0.2.1\nb IN A 192.0.2.2\na IN TXT \"x\"\n",
                        "name = \"a\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n\n[[records]]\nname = \"a\"\ntype = \"TXT\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importWritesTheContractsForm(String what, String records, String expected) throws Exception {
        Path file = dir.resolve("imp.test.zone");
        Files.writeString(file, HEAD + records, StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("import", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(expected), what + ":\n" + r.out());
        assertTrue(r.out().contains("origin = \"imp.test.\"\nttl = 3600\n\n[soa]\nmname = \"ns1.imp.test.\""), r.out());
    }

    @Test
    void includedFileRecordsAndCommentsKeepTheirPlaces() throws Exception {
        Files.writeString(dir.resolve("hosts.inc"), "h1 IN A 192.0.2.1\nh2 IN A 192.0.2.2\n");
        Path file = dir.resolve("imp.test.zone");
        Files.writeString(file, "; heading\n" + HEAD + "$INCLUDE hosts.inc\nlast IN A 192.0.2.9 ; after the include\n");
        Cli.Result r = Cli.run("import", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("# heading\n\norigin"), r.out());
        assertTrue(r.out().contains("name = \"h2\""), r.out());
        assertTrue(r.out().contains("# after the include\n[[records]]\nname = \"last\""), r.out());
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path file = dir.resolve("imp.test.zone");
        Files.writeString(file, HEAD);
        Path out = dir.resolve("imp.test.toml");
        Files.writeString(out, "# mine\n");
        Cli.Result refused = Cli.run("import", file.toString(), "-o", out.toString());
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains(out + ": already exists; use --force to overwrite it"), refused.err());
        assertEquals("# mine\n", Files.readString(out));
        Cli.Result forced = Cli.run("import", file.toString(), "-o", out.toString(), "--force");
        assertEquals(0, forced.exit(), forced.toString());
        assertTrue(Files.readString(out).contains("[soa]"));
    }

    @Test
    void badSourceIsOneLineNamingFileAndLine() throws Exception {
        Path file = dir.resolve("imp.test.zone");
        Files.writeString(file, HEAD + "www IN A 192.0.2.999\n");
        Cli.Result r = Cli.run("import", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(file + ":6:"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void zoneThatCheckWouldRejectIsStillWrittenAndSaidSo() throws Exception {
        Path file = dir.resolve("imp.test.zone");
        Files.writeString(file, HEAD + "www IN CNAME @\nwww IN A 192.0.2.1\n");
        Cli.Result r = Cli.run("import", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("type = \"CNAME\""), r.out());
        assertTrue(r.err().contains("warning: the imported zone does not pass check: imp.test.toml:"), r.err());
    }
}
