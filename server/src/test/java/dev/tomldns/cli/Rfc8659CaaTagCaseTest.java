package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Tools;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8659 §4.1: "Matching of tags is case insensitive". A zone whose CAA tags are written in upper or mixed case,
 * in either form of the zone format (structured {@code tag = "ISSUE"} or a {@code data} string), loads, passes
 * {@code check}, means issue/issuewild/iodef to {@code caa}, and is served with the tag exactly as written.
 */
class Rfc8659CaaTagCaseTest {
    @TempDir
    Path dir;

    /** One CAA record written as a {@code data} string. */
    private static String caaData(String name, String data) {
        return "[[records]]\nname = \"" + name + "\"\ntype = \"CAA\"\ndata = '" + data + "'\n\n";
    }

    /** tag as written, structured form?, the name asked (* = wildcard), whether letsencrypt.org may issue. */
    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of("ISSUE", true, "example.net", true),
                Arguments.of("Issue", true, "example.net", true),
                Arguments.of("iSsUe", false, "example.net", true),
                Arguments.of("ISSUE", false, "example.net", true),
                Arguments.of("IssueWild", true, "*.example.net", true),
                Arguments.of("ISSUEWILD", false, "*.example.net", true),
                Arguments.of("IssueWild", true, "example.net", true),
                Arguments.of("IODEF", true, "example.net", true));
    }

    @ParameterizedTest(name = "{0} (structured: {1}) for {2}")
    @MethodSource("spellings")
    void tagInAnyCaseLoadsChecksAndDecides(String tag, boolean structured, String asked, boolean allowed) {
        String value = tag.equalsIgnoreCase("iodef") ? "mailto:security@example.net" : "letsencrypt.org";
        String record = structured ? caa("@", 0, tag, value) : caaData("@", "0 " + tag + " \"" + value + "\"");
        // A second property that names another CA: it must be read as the same tag, so it cannot decide alone.
        String other = tag.equalsIgnoreCase("iodef") ? caa("@", 0, "issue", "letsencrypt.org")
                : caa("@", 0, tag.toLowerCase(java.util.Locale.ROOT), "other.example");
        zone(dir, "example.net", record + other);

        Cli.Result check = Cli.run("check", "--zones", dir.toString());
        assertEquals(0, check.exit(), check::toString);
        assertTrue(check.out().contains("example.net.toml: zone example.net."), check::toString);
        assertFalse(check.out().contains("error"), check::toString);
        noJavaText(check);

        Cli.Result caa = Cli.run("caa", asked, "--zones", dir.toString(), "--ca", "letsencrypt.org");
        assertEquals(allowed ? 0 : 1, caa.exit(), caa::toString);
        assertTrue(caa.out().contains("2 CAA record(s): the relevant RRset"), caa::toString);
        assertTrue(caa.out().contains("0 " + tag + " \"" + value + "\""), caa::toString);
        assertFalse(caa.out().contains("differs from the RFC"), caa::toString);
        noJavaText(caa);
    }

    @Test
    void upperCaseIssueNamingAnotherCaStillDenies() {
        zone(dir, "example.net", caa("@", 0, "ISSUE", "digicert.com"));
        Cli.Result caa = Cli.run("caa", "example.net", "--zones", dir.toString());
        assertEquals(1, caa.exit(), caa::toString);
        assertTrue(caa.out().contains("names digicert.com, not letsencrypt.org"), caa::toString);
    }

    /** The server answers with the tag exactly as written, and {@code caa --server} reads that answer. */
    @Test
    void servedAsWrittenAndReadBackFromTheWire() throws Exception {
        zone(dir, "example.net", caa("@", 0, "ISSUE", "letsencrypt.org")
                + caaData("@", "0 IssueWild \";\""));
        try (RunningServer server = new RunningServer(dir)) {
            Tools.Result dig = Tools.run("dig", "+norec", "+short", "@127.0.0.1", "-p",
                    String.valueOf(server.port()), "example.net", "CAA");
            assertTrue(dig.out().contains("0 ISSUE \"letsencrypt.org\""), dig::toString);
            assertTrue(dig.out().contains("0 IssueWild \";\""), dig::toString);

            String at = "127.0.0.1:" + server.port();
            Cli.Result plain = Cli.run("caa", "example.net", "--server", at);
            assertEquals(0, plain.exit(), plain::toString);
            Cli.Result wild = Cli.run("caa", "*.example.net", "--server", at);
            assertEquals(1, wild.exit(), wild::toString);
            assertTrue(wild.out().contains("0 IssueWild \";\" names no CA"), wild::toString);
        }
    }

    private static void noJavaText(Cli.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("java.") || all.contains("null"), r::toString);
    }
}
