package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Tools;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Record;

/**
 * The one-pass {@link ZoneTomlScanner} read gives exactly the result of jackson's tree (zone, every diagnostic with
 * its line, records, managed serial, also-notify), takes ordinary files, and leaves everything else to jackson.
 */
class StreamingReadMatchesJacksonTest {
    private static final Path FILE = Path.of("zones/gen.test.toml");

    /** A small ordinary zone; the fallback cases below each change one thing in it. */
    private static final String BASE = """
            origin = "gen.test."
            ttl = 3600

            [soa]
            mname = "ns1.gen.test."
            rname = "hostmaster.gen.test."

            [[records]]
            name = "@"
            type = "NS"
            data = "ns1.gen.test."

            [[records]]
            name = "www"
            type = "A"
            data = "192.0.2.1"
            """;

    /** Both readings of {@code text}; asserts they agree and returns whether the scanner took it. */
    private static boolean readBothWays(Path file, String text) {
        ZoneFileReader reader = new ZoneFileReader();
        ZoneFile tree = reader.parseTree(file, text);
        ZoneFile fromText = reader.parse(file, text);
        boolean streamed = reader.lastStreamed();
        assertSameResult(tree, fromText, text);
        ZoneFile fromBytes = reader.parse(file, text.getBytes(StandardCharsets.UTF_8));
        assertEquals(streamed, reader.lastStreamed());
        assertSameResult(tree, fromBytes, text);
        return streamed;
    }

    static void assertSameResult(ZoneFile expected, ZoneFile actual, String text) {
        String what = "for the file:\n" + (text.length() > 3000 ? text.substring(0, 3000) + "..." : text);
        assertEquals(expected.file(), actual.file(), what);
        assertEquals(expected.diagnostics(), actual.diagnostics(), what);
        assertEquals(described(expected.records().stream().map(sr -> sr.line() + " " + wire(sr.record())).toList()),
                described(actual.records().stream().map(sr -> sr.line() + " " + wire(sr.record())).toList()), what);
        assertEquals(expected.managedSerial(), actual.managedSerial(), what);
        assertEquals(expected.alsoNotify(), actual.alsoNotify(), what);
        assertEquals(expected.ok(), actual.ok(), what);
        if (expected.ok()) {
            assertEquals(expected.zone().records().stream().map(StreamingReadMatchesJacksonTest::wire).toList(),
                    actual.zone().records().stream().map(StreamingReadMatchesJacksonTest::wire).toList(), what);
        }
    }

    /** A record as text, TTL and octets: {@link Record#equals} ignores the TTL. */
    private static String wire(Record r) {
        return r + " ttl=" + r.getTTL() + " " + HexFormat.of().formatHex(r.toWireCanonical());
    }

    private static String described(List<String> lines) {
        return String.join("\n", lines);
    }

    static Stream<Path> repositoryZones() throws IOException {
        List<Path> dirs = List.of(Fixture.exampleZones(), Fixture.fixtureZones());
        List<Path> files = new java.util.ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(ZoneDirectory::isZoneFile).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("repositoryZones")
    void repositoryZonesReadTheSameAndTakeTheOnePassRead(Path file) throws IOException {
        String text = Files.readString(file);
        assertTrue(readBothWays(file, text), file + " should be read in one pass");
        ZoneFileReader reader = new ZoneFileReader();
        assertSameResult(reader.parseTree(file, text), reader.read(file), text);
        assertTrue(reader.lastStreamed());
    }

    @Test
    void generatedZonesOfEveryShapeReadTheSame() {
        int streamed = 0;
        for (long seed = 1; seed <= 300; seed++) {
            String text = ZoneFileShapes.zone(seed, 1 + (int) (seed % 40));
            if (readBothWays(FILE, text)) {
                streamed++;
            }
        }
        // Every generated shape is in the subset: a scanner that gave up on them would be no use.
        assertEquals(300, streamed);
    }

    @Test
    void benchmarkZoneFromGenZoneReadsTheSame(@TempDir Path dir) throws Exception {
        Path gen = Fixture.root().resolve("server/src/test/resources/gen-zone.py");
        Tools.Result r = Tools.run("python3", gen.toString(), "--origin", "bench.test", "--names", "3000", "--seed",
                "7", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out());
        Path file = dir.resolve("bench.test.toml");
        String text = Files.readString(file);
        assertTrue(readBothWays(file, text));
        ZoneFileReader reader = new ZoneFileReader();
        ZoneFile read = reader.read(file);
        assertTrue(reader.lastStreamed());
        assertTrue(read.ok(), read.diagnostics().toString());
        assertSameResult(reader.parseTree(file, text), read, text);
    }

    static Stream<Arguments> leftToJackson() {
        return Stream.of(
                Arguments.of("dotted key", BASE.replace("data = \"192.0.2.1\"", "data.x = \"192.0.2.1\"")),
                Arguments.of("quoted key", BASE.replace("type = \"A\"", "\"type\" = \"A\"")),
                Arguments.of("multi-line basic string", BASE.replace("\"192.0.2.1\"", "\"\"\"192.0.2.1\"\"\"")),
                Arguments.of("multi-line literal string", BASE.replace("\"192.0.2.1\"", "'''192.0.2.1'''")),
                Arguments.of("float", BASE.replace("ttl = 3600", "ttl = 3600.0")),
                Arguments.of("exponent", BASE.replace("ttl = 3600", "ttl = 36e2")),
                Arguments.of("boolean", BASE.replace("ttl = 3600", "ttl = true")),
                Arguments.of("inf", BASE.replace("ttl = 3600", "ttl = +inf")),
                Arguments.of("date", BASE.replace("ttl = 3600", "ttl = 2026-11-28")),
                Arguments.of("time", BASE.replace("ttl = 3600", "ttl = 07:32:00")),
                Arguments.of("hex integer", BASE.replace("ttl = 3600", "ttl = 0xe10")),
                Arguments.of("leading zero", BASE.replace("ttl = 3600", "ttl = 03600")),
                Arguments.of("integer over 18 digits", BASE.replace("ttl = 3600", "ttl = 1234567890123456789")),
                Arguments.of("integer beyond long", BASE.replace("ttl = 3600", "ttl = 18446744073709551616")),
                Arguments.of("bad underscore", BASE.replace("ttl = 3600", "ttl = 3__600")),
                Arguments.of("duplicate key in a record", BASE + "data = \"192.0.2.2\"\n"),
                Arguments.of("duplicate top-level key", "ttl = 60\n" + BASE),
                Arguments.of("[soa] twice", BASE + "[soa]\nmname = \"x\"\n"),
                Arguments.of("[[records]] mixed with records = [...]",
                        "records = [ { name = \"a\", type = \"A\", data = \"192.0.2.3\" } ]\n" + BASE),
                Arguments.of("top-level key after records = [...]",
                        "records = [ { name = \"@\", type = \"NS\", data = \"ns1\" } ]\nttl = 60\n"
                                + "[soa]\nmname = \"ns1\"\nrname = \"h\"\n"),
                Arguments.of("another table", BASE + "[extra]\nx = 1\n"),
                Arguments.of("spaces in a header", BASE.replace("[soa]", "[ soa ]")),
                Arguments.of("soa as a value", "soa = \"x\"\n[[records]]\nname = \"@\"\n"),
                Arguments.of("records as a value", "records = \"x\"\n[soa]\nmname = \"a\"\nrname = \"b\"\n"),
                Arguments.of("inline table as a value", BASE.replace("data = \"192.0.2.1\"", "data = { x = 1 }")),
                Arguments.of("nested inline table in a record",
                        "records = [ { name = \"a\", type = \"A\", x = { y = 1 } } ]\n[soa]\nmname = \"a\"\n"),
                Arguments.of("trailing comma in an inline table",
                        "records = [ { name = \"a\", type = \"A\", } ]\n[soa]\nmname = \"a\"\n"),
                Arguments.of("newline in an inline table",
                        "records = [ { name = \"a\",\n type = \"A\" } ]\n[soa]\nmname = \"a\"\n"),
                Arguments.of("array of integers", "also-notify = [1, 2]\n" + BASE),
                Arguments.of("array table other than records", BASE + "[[other]]\nx = \"y\"\n"),
                Arguments.of("unterminated string", BASE.replace("\"192.0.2.1\"", "\"192.0.2.1")),
                Arguments.of("unknown escape", BASE.replace("\"192.0.2.1\"", "\"192.0.2.1\\q\"")),
                Arguments.of("escaped surrogate", BASE.replace("\"192.0.2.1\"", "\"\\uD800\"")),
                Arguments.of("escape beyond U+10FFFF", BASE.replace("\"192.0.2.1\"", "\"\\U00110000\"")),
                Arguments.of("control character in a string", BASE.replace("\"192.0.2.1\"", "\"192.0.2.1\u0001\"")),
                Arguments.of("DEL in a comment", "# \u007f\n" + BASE),
                Arguments.of("lone CR", BASE.replace("ttl = 3600\n", "ttl = 3600\r \n")),
                Arguments.of("byte order mark", "\ufeff" + BASE),
                Arguments.of("two values on a line", BASE.replace("ttl = 3600", "ttl = 3600 3600")),
                Arguments.of("no value", BASE.replace("ttl = 3600", "ttl =")),
                Arguments.of("key without '='", BASE.replace("ttl = 3600", "ttl 3600")),
                Arguments.of("unclosed array", "also-notify = [\"192.0.2.1\"\n" + BASE),
                Arguments.of("bad origin", BASE.replace("\"gen.test.\"", "\"bad..origin\"")),
                Arguments.of("origin not a string", BASE.replace("\"gen.test.\"", "5")),
                Arguments.of("empty file", ""),
                Arguments.of("comments only", "# nothing here\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leftToJackson")
    void everythingOutsideTheSubsetIsLeftToJackson(String what, String text) {
        assertFalse(readBothWays(FILE, text), what + " must be left to jackson");
    }

    @Test
    void theBaseOfTheFallbackCasesIsReadInOnePass() {
        assertTrue(readBothWays(FILE, BASE));
    }

    @Test
    void malformedUtf8IsOneErrorAtItsLineAndColumnWhetherReadOrParsed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gen.test.toml");
        byte[] base = BASE.getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82})) {
            byte[] text = new byte[base.length + 4 + bad.length];
            System.arraycopy(base, 0, text, 0, base.length);
            text[base.length] = '#';
            text[base.length + 1] = ' ';
            System.arraycopy(bad, 0, text, base.length + 2, bad.length);
            text[text.length - 2] = ' ';
            text[text.length - 1] = '\n';
            Files.write(file, text);
            ZoneFileReader reader = new ZoneFileReader();
            ZoneFile read = reader.read(file);
            assertFalse(reader.lastStreamed());
            assertEquals(1, read.diagnostics().size());
            Diagnostic d = read.diagnostics().get(0);
            int line = (int) BASE.chars().filter(c -> c == '\n').count() + 1;
            assertEquals(List.of(line, 3), List.of(d.line(), d.column()), d.toString());
            assertTrue(d.isError() && d.message().startsWith("not UTF-8 text: the octets 0x"), d.toString());
            ZoneFile parsed = reader.parse(file, text); // what a reload reads: the same verdict, no U+FFFD served
            assertFalse(reader.lastStreamed());
            assertNull(parsed.zone());
            assertEquals(read.diagnostics(), parsed.diagnostics());
        }
    }

    @Test
    void textWithALoneSurrogateIsLeftToJacksonAndAPairIsNot() {
        ZoneFileReader reader = new ZoneFileReader();
        String lone = BASE.replace("192.0.2.1", "\ud800");
        assertSameResult(reader.parseTree(FILE, lone), reader.parse(FILE, lone), lone);
        assertFalse(reader.lastStreamed());
        String pair = BASE + "# \ud83d\ude00\n";
        assertSameResult(reader.parseTree(FILE, pair), reader.parse(FILE, pair), pair);
        assertTrue(reader.lastStreamed());
    }

    @Test
    void missingFileIsReportedAsBefore(@TempDir Path dir) {
        ZoneFile read = new ZoneFileReader().read(dir.resolve("none.toml"));
        assertEquals("cannot read file: no such file", read.diagnostics().get(0).message());
    }
}
