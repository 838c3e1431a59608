package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.FindingAssert.hasNo;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.INFO;
import static dev.tomldns.lint.Finding.Severity.WARNING;

import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc7489DmarcLintTest {

    @Test
    void validPolicyRaisesNothing() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("_dmarc", "v=DMARC1; p=none; rua=mailto:report-a@example.net; "
                + "ruf=mailto:report-f@example.net");
        int full = z.txt("_dmarc.sub", "v=DMARC1; p=reject; sp=quarantine; pct=50; adkim=s; aspf=r; fo=0:d; "
                + "ri=86400; rua=mailto:dmarc@example.net!10m");
        List<Finding> f = z.lint();
        clean(f, line);
        clean(f, full);
    }

    @Test
    void versionMustComeFirstAndPIsRequired() {
        TestZone z = new TestZone("example.net.");
        int notFirst = z.txt("_dmarc", "p=none; v=DMARC1");
        int noP = z.txt("_dmarc.a", "v=DMARC1; rua=mailto:d@example.net");
        int badP = z.txt("_dmarc.b", "v=DMARC1; p=block");
        int lower = z.txt("_dmarc.c", "v=dmarc1; p=none");
        List<Finding> f = z.lint();
        has(f, ERROR, notFirst, "v=DMARC1 must be the first tag");
        has(f, ERROR, noP, "required p= tag is missing");
        has(f, ERROR, badP, "p=block is not none, quarantine or reject");
        has(f, ERROR, lower, "must start with v=DMARC1");
    }

    @Test
    void tagValuesAreChecked() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("_dmarc", "v=DMARC1; p=none; sp=all; pct=150; adkim=x; aspf=strict; fo=2; ri=daily; "
                + "foo=bar");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "sp=all is invalid");
        has(f, ERROR, line, "pct=150 is invalid");
        has(f, ERROR, line, "adkim=x is invalid");
        has(f, ERROR, line, "aspf=strict is invalid");
        has(f, ERROR, line, "fo=2 is invalid");
        has(f, ERROR, line, "ri=daily is invalid");
        has(f, WARNING, line, "unknown DMARC tag foo=");
    }

    @Test
    void reportUrisMustBeUrisAndShouldBeMailto() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("_dmarc", "v=DMARC1; p=none; rua=dmarc@example.net; ruf=mailto:nobody");
        int https = z.txt("_dmarc.a", "v=DMARC1; p=none; rua=https://reports.example.net/dmarc");
        List<Finding> f = z.lint();
        // RFC 7489 §6.3: rua is a list of URIs; receivers drop a bare address, so no reports: an error.
        has(f, ERROR, line, "'dmarc@example.net' is not a URI (an address needs mailto: before it)");
        has(f, ERROR, line, "has no valid e-mail address");
        has(f, WARNING, https, "is not a mailto: URI");
        hasNo(f.stream().filter(x -> x.line() == https && x.isError()).toList(), "");
    }

    @Test
    void twoDmarcRecordsMeanNoPolicy() {
        TestZone z = new TestZone("example.net.");
        z.txt("_dmarc", "v=DMARC1; p=none");
        int second = z.txt("_dmarc", "v=DMARC1; p=reject");
        has(z.lint(), ERROR, second, "2 DMARC records");
    }

    @Test
    void dmarcRecordOutsideDmarcNameIsAWarning() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=DMARC1; p=none");
        int ok = z.txt("@", "v=spf1 -all");
        int noUnderscore = z.txt("dmarc", "v=DMARC1; p=reject");
        List<Finding> f = z.lint();
        // Harmless and useless: nobody reads it, nothing breaks.
        has(f, WARNING, line, "receivers look for it only at _dmarc");
        has(f, WARNING, noUnderscore, "lacks the underscore of _dmarc");
        hasNo(f.stream().filter(Finding::isError).toList(), "");
        clean(f, ok);
    }

    @Test
    void externalReportDestinationNeedsAuthorization() {
        TestZone z = new TestZone("example.net.").alsoServe("example.org.");
        int external = z.txt("_dmarc", "v=DMARC1; p=none; rua=mailto:d@dmarc.example.com");
        int served = z.txt("_dmarc.a", "v=DMARC1; p=none; rua=mailto:d@example.org");
        List<Finding> f = z.lint();
        has(f, INFO, external, "example.net._report._dmarc.dmarc.example.com");
        has(f, WARNING, served, "a.example.net._report._dmarc.example.org");
        TestZone ok = new TestZone("example.net.").alsoServe("example.org.");
        int authorized = ok.txt("_dmarc", "v=DMARC1; p=none; rua=mailto:d@example.org");
        ok.record("example.net._report._dmarc.example.org.", org.xbill.DNS.Type.TXT, "\"v=DMARC1\"");
        clean(ok.lint(), authorized);
    }
}
