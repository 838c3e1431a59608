package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.FindingAssert.hasNo;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.INFO;
import static dev.tomldns.lint.Finding.Severity.WARNING;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class Rfc7208SpfLintTest {

    @Test
    void validPolicyRaisesNothing() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 mx a:mail.example.net/24 ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                + "include:_spf.example.net -all");
        int inc = z.txt("_spf", "v=spf1 ip4:198.51.100.7 ~all");
        z.txt("@", "google-site-verification=abc");
        List<Finding> f = z.lint();
        clean(f, line);
        clean(f, inc);
    }

    @Test
    void twoSpfRecordsAtOneNameFailSpf() {
        TestZone z = new TestZone("example.net.");
        z.txt("@", "v=spf1 mx -all");
        int second = z.txt("@", "v=spf1 include:_spf.google.com ~all");
        int other = z.txt("other", "v=spf1 -all");
        List<Finding> f = z.lint();
        has(f, ERROR, second, "2 SPF records");
        clean(f, other);
    }

    @Test
    void unknownMechanismAndBadAddressesAreErrors() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 ip4:192.0.2.300 ip6:zz::1 inclde:_spf.example.net ip4:192.0.2.0/33 -all");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "'ip4:192.0.2.300' is not a valid IPv4");
        has(f, ERROR, line, "'ip6:zz::1' is not a valid IPv6");
        has(f, ERROR, line, "unknown mechanism 'inclde'");
        has(f, ERROR, line, "'ip4:192.0.2.0/33'");
    }

    @Test
    void includeNeedsADomainAndModifiersAppearOnce() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 include redirect=_spf.example.org redirect=_spf.example.com");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "needs a domain");
        has(f, ERROR, line, "redirect= modifier appears more than once");
    }

    @Test
    void plusAllAndQuestionAllWarn() {
        TestZone z = new TestZone("example.net.");
        int plus = z.txt("@", "v=spf1 mx +all");
        int neutral = z.txt("a", "v=spf1 mx ?all");
        int soft = z.txt("b", "v=spf1 mx ~all");
        List<Finding> f = z.lint();
        has(f, WARNING, plus, "every host on the Internet");
        has(f, WARNING, neutral, "neutral");
        clean(f, soft);
    }

    @Test
    void termsAfterAllAreNeverEvaluated() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 -all mx");
        has(z.lint(), WARNING, line, "comes after 'all'");
    }

    @Test
    void moreThanTenLookupsThroughServedIncludesIsAnError() {
        TestZone z = new TestZone("example.net.");
        int top = z.txt("@", "v=spf1 mx a include:_a.example.net include:_b.example.net -all");
        z.txt("_a", "v=spf1 a mx exists:x.example.net include:_b.example.net ~all");
        z.txt("_b", "v=spf1 a:one.example.net a:two.example.net mx:three.example.net ptr ~all");
        List<Finding> f = z.lint();
        // top: mx a include include = 4; _a: a mx exists include = 4; _b twice (once via top, once via _a,
        // but counted once per name visited) = 4 -> 12.
        has(f, ERROR, top, "needs 12 DNS lookups");
        TestZone ok = new TestZone("example.net.");
        int fine = ok.txt("@", "v=spf1 mx a include:_a.example.net -all");
        ok.txt("_a", "v=spf1 a mx ~all");
        hasNo(ok.lint(), "DNS lookups");
        clean(ok.lint(), fine);
    }

    @Test
    void includesBeyondOurZonesMakeTheCountALowerBound() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 include:_spf.google.com include:spf.protection.outlook.com a a a a a a a a a "
                + "-all");
        List<Finding> f = z.lint();
        has(f, ERROR, line, "at least 11 DNS lookups");
        has(f, ERROR, line, "_spf.google.com");
        TestZone small = new TestZone("example.net.");
        int l2 = small.txt("@", "v=spf1 include:_spf.google.com -all");
        has(small.lint(), INFO, l2, "at least 1 of the 10");
    }

    @Test
    void includeOfServedNameWithoutSpfIsAnError() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("@", "v=spf1 include:_spf.example.net -all");
        has(z.lint(), ERROR, line, "has no SPF record");
    }

    @Test
    void retiredSpfTypeIsFlagged() {
        TestZone z = new TestZone("example.net.");
        int only = z.record("@", Type.SPF, "\"v=spf1 -all\"");
        z.txt("b", "v=spf1 -all");
        int both = z.record("b", Type.SPF, "\"v=spf1 -all\"");
        List<Finding> f = z.lint();
        has(f, ERROR, only, "has no SPF policy at all");
        has(f, WARNING, both, "retired");
    }
}
