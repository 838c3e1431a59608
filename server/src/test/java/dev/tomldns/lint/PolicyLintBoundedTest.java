package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.hasNo;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lint is bounded in time and stack whatever a record holds: every policy check, given values of about 60,000
 * characters in the shapes that make regular expressions recurse (one long label, a repeated group) or backtrack
 * (two open classes around a separator), finishes quickly on a thread with a small stack and reports findings, not
 * a fault of its own. A CAA issuer of 1,500 characters overflowed the stack of the thread loading the zones.
 */
class PolicyLintBoundedTest {
    private static final int LONG = 60_000;
    /** A quarter of a typical default thread stack: recursion per character could not fit. */
    private static final long STACK = 256 * 1024;
    private static final long MILLIS = 5_000;

    private static String times(String s, int length) {
        return s.repeat(length / s.length() + 1).substring(0, length);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("CAA issuer of 1,500 letters", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issue", times("a", 1_500))),
                Arguments.of("CAA issuer, one long label", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issue", times("a", LONG))),
                Arguments.of("CAA issuer, hyphens inside", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issue", "a" + times("-a", LONG))),
                Arguments.of("CAA issuer, many labels", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issuewild", times("ab.", LONG) + "org")),
                Arguments.of("CAA parameters", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issue", "letsencrypt.org; " + times("accounturi=x; ", LONG))),
                Arguments.of("CAA validationmethods", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "issue", "letsencrypt.org; validationmethods=" + times("dns-01,", LONG))),
                Arguments.of("CAA iodef", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "iodef", "mailto:" + times("a", LONG))),
                Arguments.of("CAA contactemail", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "contactemail", times("a", LONG / 2) + "@" + times("b", LONG / 2))),
                Arguments.of("CAA contactphone", (Consumer<TestZone>) z ->
                        z.caaOctets("@", 0, "contactphone", "+" + times("1", LONG) + "x")),
                Arguments.of("SPF terms", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 " + times("ip4:192.0.2.1 ", LONG) + "-all")),
                Arguments.of("SPF one long include", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 include:" + times("a", LONG) + " -all")),
                Arguments.of("SPF macros", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 exists:" + times("%{d1r.}", LONG) + " -all")),
                Arguments.of("SPF open macro", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 exists:" + times("%{", LONG))),
                Arguments.of("SPF includes outside our zones", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 " + times("include:a.example.com ", LONG) + "-all")),
                Arguments.of("SPF ip6", (Consumer<TestZone>) z ->
                        z.txt("@", "v=spf1 ip6:" + times(":", LONG))),
                Arguments.of("DMARC fo", (Consumer<TestZone>) z ->
                        z.txt("_dmarc", "v=DMARC1; p=none; fo=" + times("0:", LONG) + "0")),
                Arguments.of("DMARC rua", (Consumer<TestZone>) z ->
                        z.txt("_dmarc", "v=DMARC1; p=none; rua=" + times("mailto:d@example.net,", LONG))),
                Arguments.of("DMARC tags", (Consumer<TestZone>) z ->
                        z.txt("_dmarc", "v=DMARC1; p=none; " + times("x1=y; x2=y; ", LONG))),
                Arguments.of("DMARC size suffix", (Consumer<TestZone>) z ->
                        z.txt("_dmarc", "v=DMARC1; p=none; rua=mailto:d@example.net!" + times("9", LONG) + "q")),
                Arguments.of("DKIM key", (Consumer<TestZone>) z ->
                        z.txt("s._domainkey", "v=DKIM1; k=rsa; p=" + times("QUFB", LONG))),
                Arguments.of("DKIM hashes", (Consumer<TestZone>) z ->
                        z.txt("s._domainkey", "v=DKIM1; h=" + times("sha256:", LONG) + "; p=")),
                Arguments.of("MTA-STS id", (Consumer<TestZone>) z ->
                        z.txt("_mta-sts", "v=STSv1; id=" + times("a", LONG))),
                Arguments.of("MTA-STS other text", (Consumer<TestZone>) z ->
                        z.txt("_mta-sts", times("v=STSv2;", LONG))),
                Arguments.of("TLS-RPT rua", (Consumer<TestZone>) z ->
                        z.txt("_smtp._tls", "v=TLSRPTv1; rua=" + times("mailto:t@example.net,", LONG))),
                Arguments.of("TLS-RPT version", (Consumer<TestZone>) z ->
                        z.txt("_smtp._tls", "v=TLSRPTv1" + times("0", LONG))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void longValueIsLintedQuicklyOnASmallStack(String what, Consumer<TestZone> record) throws Exception {
        TestZone z = new TestZone("example.net.");
        record.accept(z);
        AtomicReference<List<Finding>> found = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                found.set(z.lint());
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "lint", STACK);
        long start = System.nanoTime();
        t.start();
        t.join(MILLIS);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(!t.isAlive(), what + ": the lint ran longer than " + MILLIS + " ms");
        t.join();
        assertNull(failed.get(), () -> what + ": " + failed.get());
        assertNotNull(found.get());
        hasNo(found.get(), "could not check");
        assertTrue(found.get().stream().allMatch(f -> f.message().length() < 2_000),
                () -> what + ": a finding quotes the whole value:\n" + FindingAssert.show(found.get()));
        assertTrue(took < MILLIS, what + " took " + took + " ms");
    }
}
