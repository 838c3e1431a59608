package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tomldns caa} for Let's Encrypt, case by case as boulder's {@code va/caa.go} decides them (filterCAA,
 * validateCAA, caaAccountURIMatches, caaValidationMethodMatches) and as RFC 8659, RFC 8657 and RFC 9495 read them:
 * in each case here the two agree, so no departure may be reported.
 */
class LetsEncryptCaaVerdictTest {
    private static final String ACCT = "https://acme-v02.api.letsencrypt.org/acme/acct/";

    @TempDir
    Path dir;

    /** what, the CAA records, the name asked, extra arguments, exit code, words the output must hold. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // RFC 9495 issuemail and issuevmc are tags boulder knows: critical, they do not block TLS issuance.
                Arguments.of("critical issuemail", caa("@", 0, "issue", "letsencrypt.org")
                        + caa("@", 128, "issuemail", ";"), "example.net", List.of(), 0, "ALLOWED"),
                Arguments.of("critical issuevmc", caa("@", 0, "issue", "letsencrypt.org")
                        + caa("@", 128, "issuevmc", "digicert.com"), "example.net", List.of(), 0, "ALLOWED"),
                Arguments.of("critical IssueMail in mixed case", caa("@", 128, "IssueMail", ";"), "example.net",
                        List.of(), 0, "ALLOWED"),
                // RFC 8659 §3, §4.3 (boulder PR 8033): neither issue nor issuewild restricts nothing, wildcards too.
                Arguments.of("wildcard, only iodef", caa("@", 0, "iodef", "mailto:security@example.net"),
                        "*.example.net", List.of(), 0, "no issuewild or issue property"),
                Arguments.of("wildcard, only issuemail", caa("@", 0, "issuemail", "letsencrypt.org"),
                        "*.example.net", List.of(), 0, "ALLOWED"),
                Arguments.of("wildcard, issue only, names LE", caa("@", 0, "issue", "letsencrypt.org"),
                        "*.example.net", List.of(), 0, "ALLOWED"),
                // RFC 8657 §3: two accounturi parameters make the property unsatisfiable (boulder too).
                Arguments.of("accounturi twice", caa("@", 0, "issue", "letsencrypt.org; accounturi=" + ACCT
                        + "1; accounturi=" + ACCT + "2"), "example.net", List.of("--account", ACCT + "1"), 1,
                        "gives accounturi more than once"),
                // boulder PR 7565: two validationmethods parameters likewise.
                Arguments.of("validationmethods twice", caa("@", 0, "issue",
                        "letsencrypt.org; validationmethods=dns-01; validationmethods=http-01"), "example.net",
                        List.of("--method", "dns-01"), 1, "gives validationmethods more than once"),
                Arguments.of("one of two properties unsatisfiable", caa("@", 0, "issue", "letsencrypt.org; "
                        + "validationmethods=dns-01; validationmethods=dns-01") + caa("@", 0, "issue",
                        "letsencrypt.org"), "example.net", List.of("--method", "dns-01"), 0, "ALLOWED"),
                // The question did not say which account or method: not "allowed"; say which would be.
                Arguments.of("accounturi, no --account", caa("@", 0, "issue", "letsencrypt.org; accounturi=" + ACCT
                        + "123"), "example.net", List.of(), 1, "for the ACME account " + ACCT + "123"),
                Arguments.of("validationmethods, no --method", caa("@", 0, "issue",
                        "letsencrypt.org; validationmethods=dns-01,http-01"), "example.net", List.of(), 1,
                        "validated with dns-01 or http-01"),
                Arguments.of("two accounts, no --account", caa("@", 0, "issue", "letsencrypt.org; accounturi="
                        + ACCT + "1") + caa("@", 0, "issue", "letsencrypt.org; accounturi=" + ACCT + "2"),
                        "example.net", List.of("--method", "dns-01"), 1, ACCT + "2"),
                Arguments.of("account and method given", caa("@", 0, "issue", "letsencrypt.org; accounturi=" + ACCT
                        + "123; validationmethods=dns-01"), "example.net", List.of("--account", ACCT + "123",
                        "--method", "dns-01"), 0, "ALLOWED"),
                Arguments.of("account given, method left out", caa("@", 0, "issue", "letsencrypt.org; accounturi="
                        + ACCT + "123; validationmethods=dns-01"), "example.net", List.of("--account", ACCT + "123"),
                        1, "validated with dns-01"),
                Arguments.of("wrong account given", caa("@", 0, "issue", "letsencrypt.org; accounturi=" + ACCT
                        + "123"), "example.net", List.of("--account", ACCT + "124"), 1, "DENIED"),
                Arguments.of("unconditional property beside a conditional one", caa("@", 0, "issue",
                        "letsencrypt.org; accounturi=" + ACCT + "1") + caa("@", 0, "issue", "letsencrypt.org"),
                        "example.net", List.of(), 0, "ALLOWED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsBoulderAndTheRfc(String what, String records, String name, List<String> extra, int exit,
                                   String words) {
        zone(dir, "example.net", records);
        List<String> args = new ArrayList<>(List.of("caa", name, "--zones", dir.toString()));
        args.addAll(extra);
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(exit, r.exit(), r::toString);
        assertTrue(r.out().contains(words), () -> "expected '" + words + "' in\n" + r);
        assertFalse(r.out().contains("differs from the RFC"), r::toString);
        if (exit == 1 && words.contains("ACME account") || words.startsWith("validated")) {
            assertTrue(r.out().startsWith("NOT ALLOWED AS ASKED"), r::toString);
        }
        Cli.Result json = Cli.run(Stream.concat(args.stream(), Stream.of("--format", "json")).toArray(String[]::new));
        assertEquals(exit, json.exit(), json::toString);
        assertTrue(json.out().contains("\"allowed\" : " + (exit == 0)), json::toString);
    }
}
