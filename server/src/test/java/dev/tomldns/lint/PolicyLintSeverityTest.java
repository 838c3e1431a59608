package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.FindingAssert.show;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One severity rule for every policy check: an <b>error</b> when the record fails to do its job (a CA refuses or
 * ignores it, a mail receiver discards or ignores it, reports go nowhere), a <b>warning</b> when it works but is
 * suspicious or weak. Each rule has a record that triggers it and a close one that does not.
 */
class PolicyLintSeverityTest {
    private static final Finding.Severity E = Finding.Severity.ERROR;
    private static final Finding.Severity W = Finding.Severity.WARNING;

    /** A record added to a zone, returning its line. */
    private interface Add extends BiFunction<TestZone, String, Integer> { }

    private static final Add TXT_AT_APEX = (z, v) -> z.txt("@", v);
    private static final Add DMARC = (z, v) -> z.txt("_dmarc", v);
    private static final Add MTA_STS = (z, v) -> z.txt("_mta-sts", v);
    private static final Add TLS_RPT = (z, v) -> z.txt("_smtp._tls", v);

    private static Add caa(int flags, String tag) {
        return (z, v) -> z.caaOctets("@", flags, tag, v);
    }

    /** rule, where, triggering value, its severity and words, a value that must not trigger those words. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("SPF unknown macro letter", TXT_AT_APEX, "v=spf1 exists:%{x}.example.net -all", E,
                        "unknown macro letter 'x'", "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all"),
                Arguments.of("SPF macro letter only for exp", TXT_AT_APEX, "v=spf1 exists:%{c}.example.net -all", E,
                        "allowed only in explanation text", "v=spf1 exists:%{L}.%{h}.%%.%_.%-.example.net -all"),
                Arguments.of("SPF malformed macro", TXT_AT_APEX, "v=spf1 include:%{d.example.net -all", E,
                        "has no closing '}'", "v=spf1 include:%{d1r-}.example.net -all"),
                Arguments.of("SPF transformer", TXT_AT_APEX, "v=spf1 a:%{dx}.example.net -all", E,
                        "only digits, 'r' and the delimiters", "v=spf1 a:%{d3r+,/_=}.example.net -all"),
                Arguments.of("TLS-RPT version other than v=TLSRPTv1", TLS_RPT, "v=TLSRPTv2; rua=mailto:t@example.net",
                        E, "does not begin with v=TLSRPTv1", "v=TLSRPTv1; rua=mailto:t@example.net"),
                Arguments.of("TLS-RPT version in lower case", TLS_RPT, "v=tlsrptv1; rua=mailto:t@example.net", E,
                        "does not begin with v=TLSRPTv1", "v=TLSRPTv1;rua=mailto:t@example.net"),
                Arguments.of("TLS-RPT version with a digit more", TLS_RPT, "v=TLSRPTv10; rua=mailto:t@example.net",
                        E, "does not begin with v=TLSRPTv1", "v=TLSRPTv1 ; rua=mailto:t@example.net"),
                Arguments.of("MTA-STS TXT not beginning v=STSv1", MTA_STS, "v=STSv2; id=20260101", E,
                        "does not begin with v=STSv1", "v=STSv1; id=20260101"),
                Arguments.of("MTA-STS version case", MTA_STS, "v=stsv1; id=20260101", E,
                        "does not begin with v=STSv1", "v=STSv1;id=20260101"),
                Arguments.of("CAA tag outside letters and digits", caa(0, "issue-wild"), "letsencrypt.org", E,
                        "other than ASCII letters and digits", null),
                Arguments.of("CAA tag with an underscore", caa(0, "issue_"), "letsencrypt.org", E,
                        "other than ASCII letters and digits", null),
                Arguments.of("CAA tag in capitals", caa(0, "ISSUE"), "letsencrypt.org", null,
                        "other than ASCII letters and digits", null),
                Arguments.of("CAA iodef without a scheme", caa(0, "iodef"), "security@example.net", W,
                        "it has no scheme", "mailto:security@example.net"),
                Arguments.of("CAA iodef unknown scheme", caa(0, "iodef"), "ftp://example.net/caa", W,
                        "ftp: is not one CAs report to", "https://example.net/caa"),
                Arguments.of("CAA accounturi twice", caa(0, "issue"), "letsencrypt.org; "
                        + "accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1; "
                        + "accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/2", E,
                        "gives accounturi more than once", "letsencrypt.org; "
                        + "accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1"),
                Arguments.of("CAA validationmethods twice", caa(0, "issue"), "letsencrypt.org; "
                        + "validationmethods=dns-01; validationmethods=http-01", E,
                        "gives validationmethods more than once", "letsencrypt.org; validationmethods=dns-01,http-01"),
                Arguments.of("CAA critical issuemail", caa(128, "issuemail"), "letsencrypt.org", null,
                        "will refuse to issue", null),
                Arguments.of("DMARC rua without mailto:", DMARC, "v=DMARC1; p=none; rua=dmarc@example.net", E,
                        "is not a URI", "v=DMARC1; p=none; rua=mailto:dmarc@example.net"),
                Arguments.of("DMARC ruf without mailto:", DMARC, "v=DMARC1; p=none; ruf=forensic@example.net", E,
                        "is not a URI", "v=DMARC1; p=none; ruf=mailto:forensic@example.net!10m"),
                Arguments.of("DMARC rua over https", DMARC, "v=DMARC1; p=none; rua=https://example.net/r", W,
                        "is not a mailto: URI", "v=DMARC1; p=none; rua=mailto:r@example.net"),
                Arguments.of("DMARC record at a name without the underscore", (Add) (z, v) -> z.txt("dmarc", v),
                        "v=DMARC1; p=reject", W, "lacks the underscore of _dmarc", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleTriggersWithItsSeverityAndNotOnTheCloseCase(String rule, Add add, String bad, Finding.Severity severity,
                                                         String words, String good) {
        TestZone z = new TestZone("example.net.");
        int line = add.apply(z, bad);
        List<Finding> f = z.lint();
        if (severity == null) {
            assertTrue(f.stream().noneMatch(x -> x.line() == line && x.message().contains(words)
                    && x.severity() != Finding.Severity.INFO), () -> rule + ":\n" + show(f));
        } else {
            has(f, severity, line, words);
            // The severity is the rule's, not a second finding of another kind on the same words.
            assertTrue(f.stream().noneMatch(x -> x.line() == line && x.message().contains(words)
                    && x.severity() != severity), () -> rule + ":\n" + show(f));
        }
        if (good != null) {
            TestZone ok = new TestZone("example.net.");
            int okLine = add.apply(ok, good);
            List<Finding> g = ok.lint();
            assertTrue(g.stream().noneMatch(x -> x.line() == okLine && x.message().contains(words)),
                    () -> rule + " (good case):\n" + show(g));
            assertTrue(g.stream().noneMatch(x -> x.line() == okLine && x.isError()), () -> rule + ":\n" + show(g));
        }
    }

    /**
     * A real-world good pair of zones: example.net sends its DMARC reports to reports.example.org, which
     * authorizes that with {@code example.net._report._dmarc.reports.example.org. TXT "v=DMARC1"} (RFC 7489 §7.1),
     * and accepts reports for any domain with the wildcard form. Not one error or warning.
     */
    @Test
    void dmarcExternalDestinationAuthorizationIsAGoodZone() {
        TestZone z = new TestZone("example.net.").alsoServe("example.org.");
        z.txt("@", "v=spf1 mx -all");
        z.txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.org; "
                + "ruf=mailto:dmarc@reports.example.org; fo=1");
        z.txt("_dmarc.shop", "v=DMARC1; p=none; rua=mailto:d@reports.example.org");
        z.record("example.net._report._dmarc.reports.example.org.", org.xbill.DNS.Type.TXT, "\"v=DMARC1\"");
        z.record("*._report._dmarc.reports.example.org.", org.xbill.DNS.Type.TXT, "\"v=DMARC1;\"");
        z.record("_dmarc.example.org.", org.xbill.DNS.Type.TXT, "\"v=DMARC1; p=reject\"");
        List<Finding> f = z.lint();
        assertTrue(f.stream().noneMatch(x -> x.severity() != Finding.Severity.INFO), () -> show(f));
    }

    @Test
    void dmarcAuthorizationWithoutVersionIsAnError() {
        TestZone z = new TestZone("example.org.");
        int line = z.record("example.net._report._dmarc.example.org.", org.xbill.DNS.Type.TXT,
                "\"v=DMARC1x\"");
        z.record("other.example.net._report._dmarc.example.org.", org.xbill.DNS.Type.TXT, "\"v=DMARC1\"");
        List<Finding> f = z.lint();
        has(f, E, line, "must start with v=DMARC1");
        assertTrue(f.stream().filter(Finding::isError).count() == 1, () -> show(f));
    }
}
