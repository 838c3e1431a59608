package dev.tomldns.zone;

import java.nio.file.Path;

/**
 * One finding about a zone file: where it is (file and 1-based line, 0 when the whole file is meant) and what is
 * wrong. Printed as {@code file:line: message} (and {@code file:line: warning: message}), the form
 * {@code named-checkzone} and {@code kzonecheck} users know.
 */
public record Diagnostic(Path file, int line, Severity severity, String message) {

    /** How bad a finding is. Only {@link #ERROR} keeps a zone from being served. */
    public enum Severity { ERROR, WARNING, INFO }

    public static Diagnostic error(Path file, int line, String message) {
        return new Diagnostic(file, line, Severity.ERROR, message);
    }

    public static Diagnostic warning(Path file, int line, String message) {
        return new Diagnostic(file, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String where = file + ":" + line + ": ";
        return switch (severity) {
            case ERROR -> where + message;
            case WARNING -> where + "warning: " + message;
            case INFO -> where + "info: " + message;
        };
    }
}
