package dev.tomldns.zone.toml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.tomldns.zone.Diagnostic;
import java.util.HashMap;
import java.util.Map;

/**
 * A TOML syntax error as a user reads it: jackson-dataformat-toml's complaint put in plain words, at the line and
 * column of the cause. jackson points at the right place for most errors, but reports a duplicate key only after the
 * line that holds it and gives no position at all when a document passes one of its limits (nesting depth, key or
 * string length: {@link StreamReadConstraints}); for those a small scan of the text ({@link Scan}) finds the key,
 * table or bracket at fault. Both the zone file reader and the server configuration reader report through here.
 */
public final class TomlSyntax {
    private TomlSyntax() {
    }

    /** One syntax error: 1-based line and column (0 when not known) and what is wrong. */
    public record Problem(int line, int column, String message) {
        /** {@code file:line[:column]: message}, as every other finding is printed. */
        public String format(java.nio.file.Path file) {
            return Diagnostic.error(file, line, column, message).toString();
        }
    }

    /** The error {@code e} that jackson threw when parsing {@code text}. */
    public static Problem describe(JacksonException e, String text) {
        String said = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        int column = loc == null || line == 0 ? 0 : Math.max(0, loc.getColumnNr());
        if (e instanceof StreamConstraintsException || said.startsWith("Duplicate key")
                || said.startsWith("Table redefined")) {
            Problem found = new Scan(text).run();
            if (found != null && (line == 0 || found.line() <= line)) {
                return found;
            }
        }
        if (e instanceof StreamConstraintsException) {
            return new Problem(Math.max(1, line), column, "the file passes a limit of the TOML reader (nesting deeper than "
                    + LIMITS.getMaxNestingDepth() + ", a key over " + LIMITS.getMaxNameLength()
                    + " characters, a string over " + LIMITS.getMaxStringLength() + " or a number over "
                    + LIMITS.getMaxNumberLength() + " digits)");
        }
        return new Problem(Math.max(1, line), column, "TOML syntax error: " + plain(said, text, line, column));
    }

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.defaults();

    /** jackson's message in the words of the TOML specification, with the character at fault where it matters. */
    private static String plain(String said, String text, int line, int column) {
        if (said.startsWith("Illegal control character")) {
            int c = charAt(text, line, column);
            return "control character " + (c < 0 ? "" : String.format("U+%04X ", c)) + "not allowed here (TOML "
                    + "allows only tab; in a basic string write it as an escape such as \\u0000)";
        }
        if (said.startsWith("Duplicate key")) {
            return "a key is set twice in the same table";
        }
        if (said.startsWith("Table redefined")) {
            return "a table is defined twice";
        }
        if (said.startsWith("Newline not permitted here")) {
            return "the line ends before the key, value or string on it is complete";
        }
        if (said.startsWith("Comment not permitted here")) {
            return "a comment where a value belongs";
        }
        if (said.startsWith("Premature end of file")) {
            return "the file ends inside a value (an array, inline table or string is not closed)";
        }
        if (said.startsWith("More data after value")) {
            return "more text after a value (a second value on the line, or a string without quotes?)";
        }
        if (said.startsWith("Unknown token") || said.startsWith("Problem: could not match input")) {
            return "not a TOML value here (strings need quotes: \"...\"; numbers, true, false, dates and times"
                    + " are written bare)";
        }
        if (said.startsWith("Unexpected token")) {
            return said.contains("expected key or table") ? "a key or [table] header was expected here"
                    : "unexpected text here";
        }
        if (said.startsWith("Unknown escape sequence")) {
            return "unknown escape in a string (TOML knows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX; "
                    + "a literal string in '...' takes backslashes as written)";
        }
        if (said.startsWith("Invalid code point")) {
            return "a \\u or \\U escape that is no Unicode scalar value";
        }
        if (said.startsWith("Invalid UTF-8")) {
            return "not UTF-8 text";
        }
        if (said.startsWith("Number out of bounds")) {
            return "a number too large for TOML's 64-bit integers";
        }
        if (said.startsWith("Path into existing non-object value")) {
            return "a table or dotted key goes below a key that already holds a value";
        }
        if (said.startsWith("Object already closed") || said.startsWith("Array already")) {
            return "an inline table or array cannot be added to after it is written (TOML 1.0 §Inline Table)";
        }
        // Anything else jackson may say: its words, but never a class or method name of its own.
        boolean internal = said.contains("`") || said.contains("com.fasterxml") || said.contains("Exception")
                || said.contains("()") || said.isBlank();
        return internal ? "the file is not valid TOML here" : Diagnostic.printable(said, 200);
    }

    /** The character at a 1-based line and column of {@code text}, or -1. */
    private static int charAt(String text, int line, int column) {
        if (line <= 0 || column <= 0) {
            return -1;
        }
        int at = 0;
        for (int l = 1; l < line; l++) {
            at = text.indexOf('\n', at);
            if (at < 0) {
                return -1;
            }
            at++;
        }
        int k = at + column - 1;
        return k < text.length() && (k == at || text.lastIndexOf('\n', k - 1) < at) ? text.charAt(k) : -1;
    }

    /**
     * A tolerant walk over a TOML text that notes every key and table header with its line and column and stops at
     * the first key set twice in one table, table defined twice, nesting over jackson's depth, or key or string
     * over jackson's lengths. It only has to find those; it never decides whether a text is valid (jackson did), and
     * it moves forward on every step, so it ends on any input.
     */
    private static final class Scan {
        private static final char SEP = '\u0000'; // between the parts of a key path: no key holds one unescaped
        private final String s;
        private final int n;
        private int i;
        private int line = 1;
        private int lineStart;
        private int depth;
        private int inlineTables;
        private final Map<String, Integer> defined = new HashMap<>();
        private final Map<String, Integer> arrayTables = new HashMap<>();
        private String table = "";
        private Problem found;

        Scan(String s) {
            this.s = s;
            this.n = s.length();
        }

        Problem run() {
            while (i < n && found == null) {
                int before = i;
                skipBlankLines();
                if (i >= n) {
                    break;
                }
                if (s.charAt(i) == '[') {
                    header();
                } else {
                    keyValue(table);
                }
                toNextLine();
                if (i == before) {
                    i++;
                }
            }
            return found;
        }

        private int column() {
            return i - lineStart + 1;
        }

        private void header() {
            int hl = line;
            int hc = column();
            boolean array = i + 1 < n && s.charAt(i + 1) == '[';
            i += array ? 2 : 1;
            String key = key();
            if (key == null) {
                return;
            }
            String path = resolve(key);
            String shown = key.replace(SEP, '.');
            if (array) {
                int index = arrayTables.merge(path, 1, Integer::sum) - 1;
                table = path + "[" + index + "]";
                return;
            }
            Integer first = defined.putIfAbsent("[" + path, hl);
            if (first != null) {
                found = new Problem(hl, hc, "table [" + Diagnostic.printable(shown, Diagnostic.MAX_QUOTED)
                        + "] is defined twice (first on line " + first + ")");
            }
            table = path;
        }

        /** A header's path with the current element of every array of tables it passes through. */
        private String resolve(String key) {
            StringBuilder path = new StringBuilder();
            for (String part : key.split(String.valueOf(SEP), -1)) {
                path.append(path.length() == 0 ? "" : String.valueOf(SEP)).append(part);
                Integer count = arrayTables.get(path.toString());
                if (count != null) {
                    path.append('[').append(count - 1).append(']');
                }
            }
            return path.toString();
        }

        private void keyValue(String in) {
            int kl = line;
            int kc = column();
            String key = key();
            if (key == null || found != null) {
                return;
            }
            String full = in.isEmpty() ? key : in + SEP + key;
            Integer first = defined.putIfAbsent(full, kl);
            if (first != null) {
                found = new Problem(kl, kc, "duplicate key " + Diagnostic.quote(key.replace(SEP, '.'))
                        + " (already set on line " + first + " in the same table)");
                return;
            }
            blanks();
            if (i < n && s.charAt(i) == '=') {
                i++;
                blanks();
                value(full);
            }
        }

        /** A bare, quoted or dotted key, its parts joined by {@link #SEP}; {@code null} when there is none here. */
        private String key() {
            StringBuilder key = new StringBuilder();
            while (found == null) {
                blanks();
                int kl = line;
                int kc = column();
                int from = i;
                String part;
                if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                    part = quotedKey();
                } else {
                    while (i < n && bare(s.charAt(i))) {
                        i++;
                    }
                    part = s.substring(from, i);
                }
                if (part == null || part.isEmpty() && i == from) {
                    return null;
                }
                if (part.length() > LIMITS.getMaxNameLength()) {
                    found = new Problem(kl, kc, "a key of " + part.length() + " characters (at most "
                            + LIMITS.getMaxNameLength() + "): " + Diagnostic.quote(part));
                    return null;
                }
                key.append(key.length() == 0 ? "" : String.valueOf(SEP)).append(part);
                blanks();
                if (i < n && s.charAt(i) == '.') {
                    i++;
                    continue;
                }
                return key.toString();
            }
            return null;
        }

        private String quotedKey() {
            char q = s.charAt(i++);
            int from = i;
            while (i < n && s.charAt(i) != q && s.charAt(i) != '\n') {
                i += q == '"' && s.charAt(i) == '\\' ? 2 : 1;
            }
            String part = s.substring(from, Math.min(i, n));
            if (i < n && s.charAt(i) == q) {
                i++;
            }
            return part;
        }

        private void value(String path) {
            if (i >= n || found != null) {
                return;
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                string();
            } else if (c == '[' || c == '{') {
                int vl = line;
                int vc = column();
                if (++depth > LIMITS.getMaxNestingDepth()) {
                    found = new Problem(vl, vc, "arrays and inline tables nested more than "
                            + LIMITS.getMaxNestingDepth() + " deep");
                    return;
                }
                i++;
                if (c == '[') {
                    array(path);
                } else {
                    inline();
                }
                depth--;
            } else {
                while (i < n && ",]}#\n \t\r".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
            }
        }

        private void array(String path) {
            for (int k = 0; found == null; k++) {
                int before = i;
                skipBlankLines();
                if (i >= n || s.charAt(i) == ']') {
                    i++;
                    return;
                }
                value(path + "[" + k + "]");
                skipBlankLines();
                if (i < n && s.charAt(i) == ',') {
                    i++;
                } else if (i == before) {
                    i++;
                }
            }
        }

        private void inline() {
            String own = String.valueOf(SEP) + "{" + inlineTables++;
            while (found == null) {
                int before = i;
                blanks();
                if (i >= n || s.charAt(i) == '}' || s.charAt(i) == '\n') {
                    if (i < n && s.charAt(i) == '}') {
                        i++;
                    }
                    return;
                }
                keyValue(own);
                blanks();
                if (i < n && s.charAt(i) == ',') {
                    i++;
                } else if (i == before) {
                    i++;
                }
            }
        }

        private void string() {
            int sl = line;
            int sc = column();
            char q = s.charAt(i);
            boolean multi = i + 2 < n && s.charAt(i + 1) == q && s.charAt(i + 2) == q;
            int from;
            if (multi) {
                i += 3;
                from = i;
                String close = String.valueOf(q).repeat(3);
                while (i < n && !s.startsWith(close, i)) {
                    if (q == '"' && s.charAt(i) == '\\') {
                        i++;
                    } else if (s.charAt(i) == '\n') {
                        newline();
                    }
                    i++;
                }
                checkLength(i - from, sl, sc);
                i = Math.min(n, i + 3);
                while (i < n && s.charAt(i) == q) {
                    i++;
                }
                return;
            }
            from = ++i;
            while (i < n && s.charAt(i) != q && s.charAt(i) != '\n') {
                i += q == '"' && s.charAt(i) == '\\' ? 2 : 1;
            }
            checkLength(Math.min(i, n) - from, sl, sc);
            if (i < n && s.charAt(i) == q) {
                i++;
            }
        }

        private void checkLength(int length, int sl, int sc) {
            if (length > LIMITS.getMaxStringLength()) {
                found = new Problem(sl, sc, "a string of " + length + " characters (at most "
                        + LIMITS.getMaxStringLength() + ")");
            }
        }

        private void newline() {
            line++;
            lineStart = i + 1;
        }

        private void blanks() {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        /** Blanks, comments and newlines. */
        private void skipBlankLines() {
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\n') {
                    newline();
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                } else if (c == '#') {
                    while (i < n && s.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    return;
                }
            }
        }

        /** The rest of the line (a comment, or whatever jackson would have complained of). */
        private void toNextLine() {
            while (i < n && s.charAt(i) != '\n') {
                i++;
            }
        }

        private static boolean bare(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
    }
}
