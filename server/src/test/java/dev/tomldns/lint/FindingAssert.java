package dev.tomldns.lint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

/** Assertions on lint output that print every finding when they fail. */
final class FindingAssert {
    private FindingAssert() {
    }

    /** A finding of {@code severity} at {@code line} whose message contains {@code text}. */
    static void has(List<Finding> findings, Finding.Severity severity, int line, String text) {
        assertTrue(findings.stream().anyMatch(f -> f.severity() == severity && f.line() == line
                        && f.message().contains(text)),
                () -> "expected " + severity + " at line " + line + " containing '" + text + "', got:\n" + show(findings));
    }

    /** No finding whose message contains {@code text}. */
    static void hasNo(List<Finding> findings, String text) {
        assertTrue(findings.stream().noneMatch(f -> f.message().contains(text)),
                () -> "expected nothing containing '" + text + "', got:\n" + show(findings));
    }

    /** No finding at all at {@code line}. */
    static void clean(List<Finding> findings, int line) {
        assertTrue(findings.stream().noneMatch(f -> f.line() == line),
                () -> "expected no finding at line " + line + ", got:\n" + show(findings));
    }

    static String show(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }
}
