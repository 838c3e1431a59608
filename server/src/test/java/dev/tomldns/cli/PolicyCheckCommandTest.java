package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tomldns.testing.Fixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tomldns check} prints policy findings as {@code file:line: severity: message [RFC] fix: ...}. */
class PolicyCheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void theStoryRecordFailsTheCheck() {
        Path file = zone(dir, "example.net", caa("@", 0, "issue", "\\u0000"));
        Cli.Result r = Cli.run("check", "--zones", dir.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(file + ":") && l.contains(": error: issue \"\\000\" is a "
                + "NUL octet") && l.contains("[RFC 8659 §4.2] fix: 0 issue \"letsencrypt.org\"")), r::toString);
    }

    @Test
    void warningsAloneKeepExitZero() {
        zone(dir, "example.net", caa("@", 0, "issuewild", "letsencrypt.org"));
        Cli.Result r = Cli.run("check", "--zones", dir.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains(": warning: issuewild without issue"), r::toString);
    }

    @Test
    void jsonListsFindings() throws Exception {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt"));
        Cli.Result r = Cli.run("check", "--zones", dir.toString(), "--format", "json");
        assertEquals(1, r.exit(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode f = doc.get("findings").get(0);
        assertEquals("error", f.get("severity").asText());
        assertEquals("RFC 8659 §4.2", f.get("rule").asText());
        assertTrue(f.get("fix").asText().contains("letsencrypt.org"));
        assertEquals(1, doc.get("errors").asInt());
    }

    /** No false alarms: the example zones shipped in zones/ give no policy error or warning. */
    @Test
    void exampleZonesAreClean() {
        Cli.Result r = Cli.run("check", "--zones", Fixture.exampleZones().toString());
        assertEquals(0, r.exit(), r::toString);
        assertFalse(r.out().contains(": error:"), r::toString);
        assertFalse(r.out().contains(": warning:"), r::toString);
    }

    /**
     * A CAA issuer of 1,500 characters and more overflowed the lint's stack (a recursive regular expression):
     * {@code check} printed a stack trace. Now it is a finding at the record, cut short, and the check ends.
     */
    @Test
    void longIssuerIsAFindingNotAStackTrace() {
        for (int length : new int[] {1_500, 5_000, 60_000}) {
            Path file = zone(dir, "example.net", caa("@", 0, "issue", "a".repeat(length)));
            Cli.Result r = Cli.run("check", "--zones", dir.toString());
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(file + ":") && l.contains(": error: issue \"aaa")
                    && l.contains("(" + length + " octets)") && l.contains("not a domain name")
                    && l.length() < 1_000), r::toString);
            String all = r.out() + r.err();
            assertFalse(all.contains("StackOverflow") || all.contains("Exception") || all.contains("\tat "),
                    r::toString);
        }
    }
}
