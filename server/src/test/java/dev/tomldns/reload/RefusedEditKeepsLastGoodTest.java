package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Tools;
import dev.tomldns.testing.ZoneText;
import dev.tomldns.zone.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/**
 * One reader, one verdict: what {@code check} refuses a reload refuses too, naming file, line and column, and the
 * zone's last good version stays served. Each case is an edit of example.net's file that the hostile probe of issue
 * 15 made: octets that are not UTF-8 (once served as U+FFFD), an RRset no DNS message can hold (once loaded and
 * answered TC=1 with nothing, over TCP too), nesting past the TOML reader's depth, a key set twice.
 */
class RefusedEditKeepsLastGoodTest {
    @TempDir
    Path dir;

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("octets that are not UTF-8", (Function<String, byte[]>) text -> {
                    byte[] b = text.replace("\"192.0.2.10\"", "\"192.0.2.10\" # caf\u00e9").getBytes(
                            StandardCharsets.UTF_8);
                    for (int i = 0; i + 1 < b.length; i++) {
                        if ((b[i] & 0xff) == 0xc3 && (b[i + 1] & 0xff) == 0xa9) {
                            b[i] = (byte) 0xe9; // é in ISO-8859-1, as an editor set to Latin-1 saves it
                            b[i + 1] = ' ';
                        }
                    }
                    return b;
                }, "not UTF-8 text: the octets 0xE9"),
                Arguments.of("an RRset larger than a message", (Function<String, byte[]>) text -> (text
                        + ZoneText.aRecords("big", 5000)).getBytes(StandardCharsets.UTF_8),
                        "RRset big.example.net. A (5000 records) needs"),
                Arguments.of("nesting over 1000 deep", (Function<String, byte[]>) text -> text.replaceFirst(
                        "\n", "\nx = " + "[".repeat(1001) + "]".repeat(1001) + "\n").getBytes(StandardCharsets.UTF_8),
                        "nested more than 1000 deep"),
                Arguments.of("a key set twice", (Function<String, byte[]>) text -> text.replaceFirst(
                        "(data = \"192.0.2.10\")", "$1\ndata = \"192.0.2.11\"").getBytes(StandardCharsets.UTF_8),
                        "duplicate key 'data'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void reloadRefusesWhatCheckRefuses(String what, Function<String, byte[]> edit, String message) throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.net.toml");
        try (LiveServer s = LiveServer.start(dir)) {
            assertEquals("192.0.2.10", LiveServer.firstData(s.ask("example.net.", Type.A)));
            Path tmp = dir.resolve(".edit");
            Files.write(tmp, edit.apply(Files.readString(org)));
            Files.move(tmp, org, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            s.hot.reloader().reload();
            ReloadState state = s.hot.reloader().state();
            assertFalse(state.ok(), what + ": " + state);
            List<Diagnostic> errors = state.failingFiles().get(org);
            assertTrue(errors != null && errors.get(0).line() > 0 && errors.get(0).message().contains(message),
                    what + ": " + errors);
            assertEquals("192.0.2.10", LiveServer.firstData(s.ask("example.net.", Type.A)),
                    what + ": the last good version stays served");

            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine check = new picocli.CommandLine(new dev.tomldns.cli.Main());
            check.setOut(new java.io.PrintWriter(out, true));
            check.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
            assertEquals(1, check.execute("check", org.toString()), out.toString());
            assertTrue(out.toString().startsWith(errors.get(0).toString()), what + ": check and reload agree: "
                    + out + " vs " + errors);
        }
    }

    /** The largest RRset that fits with an OPT record is answered whole over TCP to dig, which sends EDNS. */
    @Test
    void theLargestRRsetCheckAcceptsIsAnsweredWholeOverTcp() throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.net.toml");
        // big.example.net.: 12 + (17 + 4) question + 4,092 * 16 = 65,505 octets; 11 more for OPT: 65,516.
        Files.writeString(org, Files.readString(org) + ZoneText.aRecords("big", 4092));
        try (LiveServer s = LiveServer.start(dir)) {
            assertTrue(s.hot.reloader().state().ok(), s.hot.reloader().state().toString());
            Tools.Result dig = Tools.run("dig", "+tcp", "+norecurse", "+time=5", "+tries=1", "-p",
                    String.valueOf(s.address.getPort()), "@" + s.address.getAddress().getHostAddress(),
                    "big.example.net.", "A");
            String flags = dig.out().lines().filter(l -> l.startsWith(";; flags:")).findFirst().orElse("");
            assertTrue(flags.contains("ANSWER: 4092,") && !flags.contains(" tc"), dig.out());
        }
    }
}
