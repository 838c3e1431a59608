package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.FindingAssert.hasNo;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.INFO;
import static dev.tomldns.lint.Finding.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc8659CaaLintTest {

    @Test
    void validPropertiesRaiseNothing() {
        TestZone z = new TestZone("example.net.");
        int[] lines = {
            z.caa("@", 0, "issue", "letsencrypt.org"),
            z.caa("@", 0, "issue", "letsencrypt.org; validationmethods=dns-01,http-01; "
                    + "accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/123"),
            z.caa("@", 0, "issuewild", "letsencrypt.org"),
            z.caa("@", 128, "iodef", "mailto:security@example.net"),
            z.caa("@", 0, "iodef", "https://example.net/caa-report"),
            z.caa("@", 0, "issuemail", "sectigo.com"),
            z.caa("@", 0, "contactemail", "hostmaster@example.net"),
            z.caa("@", 0, "contactphone", "+1 (555) 555-0100"),
        };
        List<Finding> findings = z.lint();
        for (int line : lines) {
            clean(findings, line);
        }
    }

    @Test
    void nulIssuerForbidsEveryCa() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "\\000");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "NUL octet");
        has(f, ERROR, line, "no CA may issue");
        Finding finding = f.stream().filter(x -> x.line() == line).findFirst().orElseThrow();
        assertEquals("RFC 8659 §4.2", finding.rule());
        assertTrue(finding.fix().contains("letsencrypt.org"), finding.fix());
        assertTrue(finding.toString().startsWith("zones/example.net.toml:" + line + ": error: issue \"\\000\""),
                finding.toString());
    }

    @Test
    void issuerWithoutDotIsNotACaDomain() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "letsencrypt");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "not a CA's domain name");
        assertTrue(f.get(0).fix().contains("\"letsencrypt.org\""), f.get(0).fix());
    }

    @Test
    void urlIssuerIsMalformed() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "https://letsencrypt.org/");
        has(z.lint(), ERROR, line, "is a URL");
    }

    @Test
    void trailingDotIssuerIsMalformed() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "letsencrypt.org.");
        has(z.lint(), ERROR, line, "ends with '.'");
    }

    @Test
    void semicolonAloneSaysNoIssuanceInPlainWords() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", ";");
        List<Finding> f = z.lint();
        has(f, INFO, line, "no CA may issue certificates for this name");
        hasNo(f, "malformed");
    }

    @Test
    void malformedParameterIsAnError() {
        TestZone z = new TestZone("example.net.");
        int bad = z.caa("@", 0, "issue", "letsencrypt.org; validationmethods");
        int stray = z.caa("a", 0, "issue", "letsencrypt.org; validationmethods=dns-01;");
        int good = z.caa("b", 0, "issue", "letsencrypt.org;");
        List<Finding> f = z.lint();
        has(f, ERROR, bad, "is not tag=value");
        has(f, ERROR, stray, "a stray ';'");
        clean(f, good);
    }

    @Test
    void validationMethodsAreChecked() {
        TestZone z = new TestZone("example.net.");
        int unknown = z.caa("@", 0, "issue", "letsencrypt.org; validationmethods=dns-02");
        int malformed = z.caa("a", 0, "issue", "letsencrypt.org; validationmethods=dns-01,,http-01");
        List<Finding> f = z.lint();
        has(f, WARNING, unknown, "not an ACME method");
        has(f, ERROR, malformed, "malformed entry");
    }

    @Test
    void accountUriMustBeAbsolute() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "letsencrypt.org; accounturi=acct/123");
        has(z.lint(), ERROR, line, "not an absolute URI");
    }

    @Test
    void unknownTagIsAWarningAndCriticalUnknownTagAnError() {
        TestZone z = new TestZone("example.net.");
        int unknown = z.caa("@", 0, "isue", "letsencrypt.org");
        int critical = z.caa("a", 128, "tbs", "unknown");
        List<Finding> f = z.lint();
        has(f, WARNING, unknown, "unknown CAA tag 'isue'");
        has(f, ERROR, critical, "every CA must refuse");
    }

    @Test
    void tagSyntaxIsChecked() {
        TestZone z = new TestZone("example.net.");
        int hyphen = z.caaOctets("@", 0, "issue-wild", "letsencrypt.org");
        int underscore = z.caaOctets("a", 128, "issue_wild", "letsencrypt.org");
        int space = z.caaOctets("b", 0, "issue ", "letsencrypt.org");
        int upper = z.caaOctets("c", 0, "ISSUE", "letsencrypt.org");
        int long16 = z.caa("d", 0, "issuewildcardtoolong", "letsencrypt.org");
        List<Finding> f = z.lint();
        has(f, ERROR, hyphen, "has characters other than ASCII letters and digits");
        has(f, ERROR, underscore, "its critical flag makes every CA refuse to issue");
        has(f, ERROR, space, "has characters other than ASCII letters and digits");
        has(f, INFO, upper, "is not lower-case");
        hasNo(f.stream().filter(x -> x.line() == upper && x.severity() != INFO).toList(), "");
        has(f, WARNING, long16, "unknown CAA tag");
    }

    @Test
    void reservedFlagBitsWarn() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 1, "issue", "letsencrypt.org");
        has(z.lint(), WARNING, line, "reserved bits");
    }

    @Test
    void iodefNeedsMailtoOrHttp() {
        TestZone z = new TestZone("example.net.");
        int bad = z.caa("@", 0, "iodef", "security@example.net");
        int ftp = z.caa("a", 0, "iodef", "ftp://example.net/x");
        List<Finding> f = z.lint();
        // RFC 8659 §4.4: only the reports are lost, issuance is as the other properties say: a warning.
        has(f, WARNING, bad, "not a mailto:");
        has(f, WARNING, bad, "it has no scheme");
        has(f, WARNING, ftp, "not a mailto:");
        hasNo(f.stream().filter(Finding::isError).toList(), "iodef");
    }

    @Test
    void issuewildWithoutIssueWarns() {
        TestZone z = new TestZone("example.net.");
        int alone = z.caa("@", 0, "issuewild", "letsencrypt.org");
        z.caa("both", 0, "issue", "letsencrypt.org");
        int paired = z.caa("both", 0, "issuewild", "letsencrypt.org");
        List<Finding> f = z.lint();
        has(f, WARNING, alone, "issuewild without issue");
        clean(f, paired);
    }

    @Test
    void caaBesideCnameIsAnError() {
        TestZone z = new TestZone("example.net.");
        z.cname("www", "@");
        int line = z.caa("www", 0, "issue", "letsencrypt.org");
        has(z.lint(), ERROR, line, "also has a CNAME");
    }

    @Test
    void upperCaseIssuerWarnsBecauseLetsEncryptComparesExactly() {
        TestZone z = new TestZone("example.net.");
        int line = z.caa("@", 0, "issue", "LetsEncrypt.org");
        has(z.lint(), WARNING, line, "compares it exactly");
    }
}
