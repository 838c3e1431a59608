package dev.tomldns.lint;

import java.nio.file.Path;

/**
 * One lint finding about a policy record: how bad it is, where it is ({@code file:line}), which rule it breaks
 * (RFC and section), what is wrong in plain words, and how to fix it.
 */
public record Finding(Severity severity, Path file, int line, String rule, String message, String fix) {

    /** How bad a finding is. Only {@link #ERROR} fails {@code tomldns check} and, with {@code strict}, a load. */
    public enum Severity {
        ERROR, WARNING, INFO;

        /** The lower-case word used in output, as compilers and named-checkzone print it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: severity: message [rule] fix: ...}, the line {@code tomldns check} prints. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(file).append(':').append(line).append(": ").append(severity.word()).append(": ").append(message);
        out.append(" [").append(rule).append(']');
        if (fix != null && !fix.isEmpty()) {
            out.append(" fix: ").append(fix);
        }
        return out.toString();
    }
}
