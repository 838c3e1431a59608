package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.INFO;
import static dev.tomldns.lint.Finding.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * What the lint of a large zone relies on: a CAA property or SPF text seen at many names is read once, yet each
 * record keeps its own finding at its own line; and the neighbours of a policy name are asked of the loaded zone
 * one type at a time.
 */
class RepeatedPolicyLintTest {

    @Test
    void identicalCaaPropertiesAreEachReportedAtTheirOwnLine() {
        TestZone z = new TestZone("example.net.");
        int first = z.caa("a", 0, "issue", "letsencrypt");
        int second = z.caa("b", 0, "issue", "letsencrypt");
        int fine = z.caa("c", 0, "issue", "letsencrypt.org");
        int third = z.caa("d", 0, "issue", "letsencrypt");
        List<Finding> f = z.lint();
        for (int line : new int[] {first, second, third}) {
            has(f, ERROR, line, "issue names 'letsencrypt'");
        }
        clean(f, fine);
        assertEquals(3, f.stream().filter(x -> x.message().contains("issue names 'letsencrypt'")).count(),
                () -> FindingAssert.show(f));
    }

    @Test
    void caaPropertiesThatDifferOnlyInFlagsOrValueCaseAreCheckedApart() {
        TestZone z = new TestZone("example.net.");
        int plain = z.caa("a", 0, "issue", "letsencrypt.org");
        int reserved = z.caa("b", 1, "issue", "letsencrypt.org");
        int upper = z.caa("c", 0, "issue", "LetsEncrypt.org");
        List<Finding> f = z.lint();
        clean(f, plain);
        has(f, WARNING, reserved, "reserved bits");
        has(f, WARNING, upper, "compares it exactly");
    }

    @Test
    void identicalSpfTextsKeepTheirOwnLineAndTheirOwnName() {
        TestZone z = new TestZone("example.net.");
        int apex = z.txt("@", "v=spf1 include:_spf.example.org +all");
        int mail = z.txt("mail", "v=spf1 include:_spf.example.org +all");
        List<Finding> f = z.lint();
        has(f, WARNING, apex, "'+all' lets every host");
        has(f, WARNING, mail, "'+all' lets every host");
        // The lookup count depends on the name, not only on the text.
        has(f, INFO, apex, "the SPF policy of example.net. needs at least 1");
        has(f, INFO, mail, "the SPF policy of mail.example.net. needs at least 1");
    }

    @Test
    void cnameBesideCaaInTheLoadedZoneIsStillAnError() {
        TestZone z = new TestZone("example.net.");
        z.cname("www", "@");
        int line = z.caa("www", 0, "issue", "letsencrypt.org");
        has(lintPolicyRecordsOnly(z), ERROR, line, "also has a CNAME");
    }

    @Test
    void mtaStsHostAddressInTheLoadedZoneIsSeen() {
        TestZone z = new TestZone("example.net.");
        int served = z.txt("_mta-sts", "v=STSv1; id=20260101T000000");
        z.record("mta-sts", Type.A, "192.0.2.1");
        TestZone bare = new TestZone("example.org.");
        int missing = bare.txt("_mta-sts", "v=STSv1; id=20260101T000000");
        bare.txt("mta-sts", "not an address");
        clean(lintPolicyRecordsOnly(z), served);
        has(lintPolicyRecordsOnly(bare), WARNING, missing, "has no A, AAAA or CNAME record");
    }

    @Test
    void versionTagsAreMatchedAsReceiversReadThem() {
        TestZone z = new TestZone("example.net.");
        int upperSpf = z.txt("a", "V=SPF1 +all");
        int spacedSpf = z.txt("b", " v=spf1 +all");
        int spacedDmarc = z.txt("c", "V = dmarc1; p=none");
        int spacedKey = z.txt("d", " v = DKIM1; p=");
        int lowerKey = z.txt("e", "v=dkim1; p=");
        List<Finding> f = z.lint();
        has(f, WARNING, upperSpf, "lets every host");
        clean(f, spacedSpf); // RFC 7208 §4.5: the record starts with "v=spf1", so this is not SPF
        has(f, WARNING, spacedDmarc, "receivers look for it only at _dmarc");
        has(f, WARNING, spacedKey, "verifiers never look here");
        clean(f, lowerKey); // DKIM1 is compared as written
    }

    /** The lint as a loaded zone runs it: the policy records given, the others asked of the zone by type. */
    private static List<Finding> lintPolicyRecordsOnly(TestZone z) {
        List<LintRecord> policy = z.lintRecords().stream()
                .filter(r -> ServedRecords.isPolicyType(r.record().getType())).toList();
        ServedRecords.Neighbours zone = (name, type) -> z.lintRecords().stream()
                .filter(r -> r.record().getName().equals(name) && r.record().getType() == type
                        && !ServedRecords.isPolicyType(type))
                .toList();
        return new PolicyLinter().lint(policy, z.origins(), zone);
    }
}
