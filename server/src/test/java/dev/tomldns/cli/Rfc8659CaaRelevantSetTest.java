package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.record;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tomldns caa}: the RFC 8659 §3 relevant-RRset search and the §4 issuance rules, end to end. */
class Rfc8659CaaRelevantSetTest {
    @TempDir
    Path dir;

    private Cli.Result caaCmd(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "caa";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--zones";
        full[args.length + 2] = dir.toString();
        Cli.Result r = Cli.run(full);
        // Every case here is one where Let's Encrypt's code and the RFC agree: a departure means a reading broke.
        assertFalse(r.out().contains("differs from the RFC"), r::toString);
        return r;
    }

    private static void contains(Cli.Result r, String text) {
        assertTrue(r.out().contains(text), () -> "expected '" + text + "' in\n" + r);
    }

    @Test
    void noCaaAnywhereAllows() {
        zone(dir, "example.net", "");
        Cli.Result r = caaCmd("www.example.net", "--ca", "letsencrypt.org");
        assertEquals(0, r.exit(), r::toString);
        contains(r, "ALLOWED");
        contains(r, "CAA www.example.net.: no CAA records");
        contains(r, "CAA example.net.: no CAA records");
        contains(r, "CAA net.: not ours to answer");
        contains(r, "no CAA record at www.example.net. or any parent");
    }

    @Test
    void issueAtApexDecidesForSubdomain() {
        Path file = zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
        Cli.Result r = caaCmd("deep.www.example.net", "--ca", "letsencrypt.org");
        assertEquals(0, r.exit(), r::toString);
        contains(r, "decided by: the CAA RRset at example.net., " + file);
        contains(r, "0 issue \"letsencrypt.org\" authorizes letsencrypt.org");
        Cli.Result other = caaCmd("deep.www.example.net", "--ca", "digicert.com");
        assertEquals(1, other.exit(), other::toString);
        contains(other, "names letsencrypt.org, not digicert.com");
    }

    @Test
    void semicolonDenies() {
        zone(dir, "example.net", caa("@", 0, "issue", ";"));
        Cli.Result r = caaCmd("example.net");
        assertEquals(1, r.exit(), r::toString);
        contains(r, "DENIED");
        contains(r, "names no CA: it means \"no CA may issue\"");
    }

    @Test
    void nulIssuerDeniesAndIsExplained() {
        zone(dir, "example.net", caa("@", 0, "issue", "\\u0000"));
        Cli.Result r = caaCmd("example.net", "--ca", "letsencrypt.org");
        assertEquals(1, r.exit(), r::toString);
        contains(r, "0 issue \"\\000\"");
        contains(r, "NUL octet");
        contains(r, "names no CA and authorizes none");
        contains(r, "does the same");
    }

    @Test
    void issuewildOnlyLeavesNonWildcardAllowed() {
        zone(dir, "example.net", caa("@", 0, "issuewild", ";"));
        Cli.Result plain = caaCmd("example.net");
        assertEquals(0, plain.exit(), plain::toString);
        contains(plain, "issuewild applies to wildcard names only");
        Cli.Result wild = caaCmd("example.net", "--wildcard");
        assertEquals(1, wild.exit(), wild::toString);
        Cli.Result star = caaCmd("*.example.net");
        assertEquals(1, star.exit(), star::toString);
        contains(star, "a certificate for *.example.net");
    }

    @Test
    void issuewildReplacesIssueForWildcards() {
        zone(dir, "example.net", caa("@", 0, "issue", ";") + caa("@", 0, "issuewild", "letsencrypt.org"));
        assertEquals(0, caaCmd("example.net", "--wildcard").exit());
        assertEquals(1, caaCmd("example.net").exit());
    }

    @Test
    void validationMethodsRestrictTheMethod() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org; validationmethods=dns-01"));
        Cli.Result http = caaCmd("example.net", "--method", "http-01");
        assertEquals(1, http.exit(), http::toString);
        contains(http, "allows only the validation methods dns-01, not http-01");
        assertEquals(0, caaCmd("example.net", "--method", "dns-01").exit());
    }

    @Test
    void accountUriRestrictsTheAccount() {
        zone(dir, "example.net", caa("@", 0, "issue",
                "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1"));
        assertEquals(1, caaCmd("example.net", "--account", "https://acme-v02.api.letsencrypt.org/acme/acct/2")
                .exit());
        assertEquals(0, caaCmd("example.net", "--account", "https://acme-v02.api.letsencrypt.org/acme/acct/1")
                .exit());
    }

    @Test
    void cnameToStricterCaaDecides() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org") + record("www", "CNAME", "cdn.example.org."));
        Path org = zone(dir, "example.org", caa("cdn", 0, "issue", "digicert.com"));
        Cli.Result r = caaCmd("www.example.net");
        assertEquals(1, r.exit(), r::toString);
        contains(r, "CAA www.example.net. -> CNAME cdn.example.org.: 1 CAA record(s)");
        contains(r, "decided by: the CAA RRset at cdn.example.org. (reached from www.example.net. through CNAME), "
                + org);
        // The apex of example.net would have allowed: the CNAME target's RRset wins because it is found first.
        assertEquals(0, caaCmd("example.net").exit());
    }

    @Test
    void criticalUnknownTagDenies() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org") + caa("@", 128, "tbs", "x"));
        Cli.Result r = caaCmd("example.net");
        assertEquals(1, r.exit(), r::toString);
        contains(r, "critical flag (128)");
    }

    @Test
    void jsonOutputCarriesTheVerdict() {
        zone(dir, "example.net", caa("@", 0, "issue", ";"));
        Cli.Result r = caaCmd("example.net", "--format", "json");
        assertEquals(1, r.exit(), r::toString);
        contains(r, "\"allowed\" : false");
        contains(r, "\"decidedAt\" : \"example.net.\"");
    }
}
