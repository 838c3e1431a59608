package dev.tomldns.lint;

import java.util.ArrayList;
import java.util.List;

/** Collects the findings of one lint run; each family adds to it against the record that triggered it. */
final class Findings {
    private final List<Finding> list = new ArrayList<>();

    void error(LintRecord at, String rule, String message, String fix) {
        add(Finding.Severity.ERROR, at, rule, message, fix);
    }

    void warning(LintRecord at, String rule, String message, String fix) {
        add(Finding.Severity.WARNING, at, rule, message, fix);
    }

    void info(LintRecord at, String rule, String message, String fix) {
        add(Finding.Severity.INFO, at, rule, message, fix);
    }

    void add(Finding.Severity severity, LintRecord at, String rule, String message, String fix) {
        list.add(new Finding(severity, at.file(), at.line(), rule, message, fix));
    }

    /** The findings {@code found} at another record with the same content, reported at {@code at} instead. */
    void replay(List<Finding> found, LintRecord at) {
        for (Finding f : found) {
            add(f.severity(), at, f.rule(), f.message(), f.fix());
        }
    }

    List<Finding> list() {
        return list;
    }
}
