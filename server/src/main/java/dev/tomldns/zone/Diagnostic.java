package dev.tomldns.zone;

import java.nio.file.Path;

/**
 * One finding about a zone file: where it is (file, 1-based line, 0 when the whole file is meant, and 1-based
 * column, 0 when not known) and what is wrong. Printed as {@code file:line: message} or {@code file:line:column:
 * message} (and {@code ...: warning: message}), the forms {@code named-checkzone}, {@code kzonecheck} and compilers
 * print, which editors turn into links.
 *
 * <p>A message is for a terminal: control characters in it (a NUL or an escape sequence taken from a file) are
 * shown escaped, and a message is never longer than {@link #MAX_MESSAGE} characters. Values quoted from a file go
 * in through {@link #quote}, which also cuts them short.
 */
public record Diagnostic(Path file, int line, int column, Severity severity, String message) {

    /** The longest message printed; a value from a file is cut well before ({@link #MAX_QUOTED}). */
    public static final int MAX_MESSAGE = 1000;
    /** The most characters of a value from a file that a message quotes. */
    public static final int MAX_QUOTED = 80;

    /** How bad a finding is. Only {@link #ERROR} keeps a zone from being served. */
    public enum Severity { ERROR, WARNING, INFO }

    public Diagnostic {
        message = printable(message, MAX_MESSAGE);
        line = Math.max(0, line);
        column = line == 0 ? 0 : Math.max(0, column);
    }

    /** A finding at a line, column unknown. */
    public Diagnostic(Path file, int line, Severity severity, String message) {
        this(file, line, 0, severity, message);
    }

    public static Diagnostic error(Path file, int line, String message) {
        return new Diagnostic(file, line, 0, Severity.ERROR, message);
    }

    public static Diagnostic error(Path file, int line, int column, String message) {
        return new Diagnostic(file, line, column, Severity.ERROR, message);
    }

    public static Diagnostic warning(Path file, int line, String message) {
        return new Diagnostic(file, line, 0, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * A value from a file as a message quotes it: in single quotes, control characters escaped, and cut after
     * {@link #MAX_QUOTED} characters with its length said ({@code 'kkkk…' (1000000 characters)}).
     */
    public static String quote(String value) {
        if (value == null) {
            return "''";
        }
        String shown = printable(value, MAX_QUOTED);
        return value.length() > MAX_QUOTED ? "'" + shown + "' (" + value.length() + " characters)" : "'" + shown + "'";
    }

    /**
     * {@code text} with every control, format or separator character written as {@code \}{@code u} escape (so a NUL,
     * an ANSI escape or a bidirectional override from a file cannot act on the terminal), cut to {@code max}
     * characters with an ellipsis.
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        int limit = Math.min(text.length(), max);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair && i + 1 >= limit) {
                limit = i; // never cut a character in two
                break;
            }
            if (!pair && shownAsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(limit + 16).append(text, 0, i);
                }
                out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
                        : String.format("\\u%04X", (int) c));
                continue;
            }
            if (out != null) {
                out.append(c);
                if (pair) {
                    out.append(text.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        if (out == null && text.length() <= max) {
            return text;
        }
        String kept = out != null ? out.toString() : text.substring(0, limit);
        return limit < text.length() ? kept + "…" : kept;
    }

    /** Characters that act on a terminal or hide text: C0/C1 controls, format characters, separators, lone halves. */
    private static boolean shownAsEscape(char c) {
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c);
    }

    @Override
    public String toString() {
        String where = file + ":" + line + (column > 0 ? ":" + column : "") + ": ";
        return switch (severity) {
            case ERROR -> where + message;
            case WARNING -> where + "warning: " + message;
            case INFO -> where + "info: " + message;
        };
    }
}
