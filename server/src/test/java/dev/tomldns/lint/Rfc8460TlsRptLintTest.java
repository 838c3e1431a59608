package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.Finding.Severity.ERROR;

import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc8460TlsRptLintTest {

    @Test
    void validRecordsRaiseNothing() {
        TestZone z = new TestZone("example.net.");
        int mail = z.txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:tls-reports@example.net");
        int both = z.txt("_smtp._tls.a", "v=TLSRPTv1; rua=mailto:t@example.net,https://reports.example.net/tls");
        List<Finding> f = z.lint();
        clean(f, mail);
        clean(f, both);
    }

    @Test
    void ruaIsRequiredAndMustBeMailtoOrHttps() {
        TestZone z = new TestZone("example.net.");
        int none = z.txt("_smtp._tls", "v=TLSRPTv1;");
        int bad = z.txt("_smtp._tls.a", "v=TLSRPTv1; rua=tls@example.net");
        List<Finding> f = z.lint();
        has(f, ERROR, none, "required rua= tag is missing");
        has(f, ERROR, bad, "is not a mailto: address");
    }

    @Test
    void twoRecordsMeanNoReports() {
        TestZone z = new TestZone("example.net.");
        z.txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:a@example.net");
        int second = z.txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:b@example.net");
        has(z.lint(), ERROR, second, "2 TLS-RPT records");
    }
}
