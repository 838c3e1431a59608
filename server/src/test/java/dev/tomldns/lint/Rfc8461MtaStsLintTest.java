package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.WARNING;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class Rfc8461MtaStsLintTest {

    @Test
    void validRecordRaisesNothing() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("_mta-sts", "v=STSv1; id=20261128T000000");
        z.record("mta-sts", Type.A, "192.0.2.10");
        clean(z.lint(), line);
    }

    @Test
    void idIsRequiredAndShaped() {
        TestZone z = new TestZone("example.net.");
        z.record("mta-sts", Type.A, "192.0.2.10");
        int noId = z.txt("_mta-sts", "v=STSv1;");
        int badId = z.txt("_mta-sts.a", "v=STSv1; id=2026-11-28");
        List<Finding> f = z.lint();
        has(f, ERROR, noId, "required id= tag is missing");
        has(f, ERROR, badId, "must be 1 to 32 letters or digits");
    }

    @Test
    void twoRecordsMeanNoPolicy() {
        TestZone z = new TestZone("example.net.");
        z.record("mta-sts", Type.A, "192.0.2.10");
        z.txt("_mta-sts", "v=STSv1; id=1");
        int second = z.txt("_mta-sts", "v=STSv1; id=2");
        has(z.lint(), ERROR, second, "2 MTA-STS records");
    }

    @Test
    void policyHostMustResolve() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("_mta-sts", "v=STSv1; id=1");
        has(z.lint(), WARNING, line, "has no A, AAAA or CNAME");
    }
}
