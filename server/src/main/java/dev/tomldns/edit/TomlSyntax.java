package dev.tomldns.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML 1.0 file as written, comments and blank lines included: what {@code tomldns fmt} reads (jackson, which the
 * server reads zones with, keeps neither). Values are decoded (strings to their text, integers to their number), so
 * the formatter writes each in one spelling; what it does not need to understand (floats, booleans, dates) is kept
 * as written.
 */
final class TomlSyntax {
    /** A line-level item of the file, or of an array. */
    sealed interface Item permits Comment, Blank, Header, KeyValue, Element {
    }

    /** A {@code #} comment line; {@code text} is everything after the {@code #}. */
    record Comment(String text) implements Item {
    }

    /** One or more blank lines. */
    record Blank() implements Item {
    }

    /** {@code [a.b]} or {@code [[a.b]]}. */
    record Header(List<String> key, boolean array, String comment) implements Item {
    }

    /** {@code key = value}, with the comment after it on the same line (or null). */
    record KeyValue(List<String> key, Value value, String comment) implements Item {
    }

    /** An element of a multi-line array with the comment after it (or null). */
    record Element(Value value, String comment) implements Item {
    }

    sealed interface Value permits Str, Int, Raw, Arr, Table {
    }

    record Str(String text) implements Value {
    }

    record Int(long value) implements Value {
    }

    /** A float, boolean or date-time, as written. */
    record Raw(String text) implements Value {
    }

    /**
     * An array; {@code items} are {@link Element}s, {@link Comment}s and {@link Blank}s in order.
     *
     * @param multiline whether it was written over several lines
     */
    record Arr(List<Item> items, boolean multiline) implements Value {
        List<Value> values() {
            return items.stream().filter(i -> i instanceof Element).map(i -> ((Element) i).value()).toList();
        }
    }

    /** An inline table. */
    record Table(List<KeyValue> entries) implements Value {
    }

    /** A place in the file that the formatter cannot read. */
    static final class SyntaxError extends Exception {
        SyntaxError(int line, String message) {
            super(line + ": " + message);
        }
    }

    private final String s;
    private int i;
    private int line = 1;

    private TomlSyntax(String text) {
        this.s = text;
    }

    static List<Item> parse(String text) throws SyntaxError {
        return new TomlSyntax(text.startsWith("\uFEFF") ? text.substring(1) : text).document();
    }

    private List<Item> document() throws SyntaxError {
        List<Item> out = new ArrayList<>();
        while (i < s.length()) {
            skipSpaces();
            if (atEol()) {
                eol();
                if (out.isEmpty() || !(out.get(out.size() - 1) instanceof Blank)) {
                    out.add(new Blank());
                }
                continue;
            }
            char c = s.charAt(i);
            if (c == '#') {
                out.add(new Comment(comment()));
                eol();
            } else if (c == '[') {
                boolean array = s.startsWith("[[", i);
                i += array ? 2 : 1;
                skipSpaces();
                List<String> key = key();
                skipSpaces();
                expect(array ? "]]" : "]");
                out.add(new Header(key, array, trailing()));
            } else {
                List<String> key = key();
                skipSpaces();
                expect("=");
                skipSpaces();
                Value v = value();
                out.add(new KeyValue(key, v, trailing()));
            }
        }
        return out;
    }

    /** Spaces, then an optional comment, then the end of the line. */
    private String trailing() throws SyntaxError {
        skipSpaces();
        String comment = null;
        if (i < s.length() && s.charAt(i) == '#') {
            comment = comment();
        }
        if (!atEol()) {
            throw new SyntaxError(line, "unexpected '" + s.charAt(i) + "' after the value");
        }
        eol();
        return comment;
    }

    private String comment() {
        int start = ++i;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return s.substring(start, i).stripTrailing();
    }

    private boolean atEol() {
        return i >= s.length() || s.charAt(i) == '\n' || s.charAt(i) == '\r';
    }

    private void eol() {
        if (i < s.length() && s.charAt(i) == '\r') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '\n') {
            i++;
            line++;
        }
    }

    private void skipSpaces() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    /** Spaces, newlines and comments inside an array; comments and blank lines are kept as items. */
    private void skipArraySpace(List<Item> items) {
        int newlines = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\n' || c == '\r') {
                eol();
                if (++newlines == 2 && !items.isEmpty() && !(items.get(items.size() - 1) instanceof Blank)) {
                    items.add(new Blank());
                }
            } else if (c == '#') {
                items.add(new Comment(comment()));
                newlines = 0;
            } else {
                return;
            }
        }
    }

    private void expect(String what) throws SyntaxError {
        if (!s.startsWith(what, i)) {
            throw new SyntaxError(line, "expected '" + what + "'");
        }
        i += what.length();
    }

    private List<String> key() throws SyntaxError {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (i >= s.length()) {
                throw new SyntaxError(line, "expected a key");
            }
            char c = s.charAt(i);
            if (c == '"') {
                parts.add(basic());
            } else if (c == '\'') {
                parts.add(literal());
            } else {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '-')) {
                    i++;
                }
                if (start == i) {
                    throw new SyntaxError(line, "expected a key");
                }
                parts.add(s.substring(start, i));
            }
            skipSpaces();
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                continue;
            }
            return parts;
        }
    }

    private Value value() throws SyntaxError {
        if (i >= s.length()) {
            throw new SyntaxError(line, "expected a value");
        }
        char c = s.charAt(i);
        if (s.startsWith("\"\"\"", i)) {
            return new Str(multiline('"'));
        }
        if (s.startsWith("'''", i)) {
            return new Str(multiline('\''));
        }
        if (c == '"') {
            return new Str(basic());
        }
        if (c == '\'') {
            return new Str(literal());
        }
        if (c == '[') {
            return array();
        }
        if (c == '{') {
            return table();
        }
        int start = i;
        while (i < s.length() && ",]}#\n\r".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String raw = s.substring(start, i).strip();
        i = start + s.substring(start, i).stripTrailing().length();
        Long n = integer(raw);
        return n != null ? new Int(n) : new Raw(raw);
    }

    /** TOML 1.0 integers: decimal with optional sign and underscores, 0x, 0o, 0b. */
    private static Long integer(String raw) {
        String t = raw.replace("_", "");
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            }
            if (t.startsWith("0b")) {
                return Long.parseLong(t.substring(2), 2);
            }
            if (t.matches("[+-]?(0|[1-9][0-9]*)")) {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private Arr array() throws SyntaxError {
        int startLine = line;
        i++;
        List<Item> items = new ArrayList<>();
        while (true) {
            skipArraySpace(items);
            if (i >= s.length()) {
                throw new SyntaxError(startLine, "array not closed");
            }
            if (s.charAt(i) == ']') {
                i++;
                return new Arr(items, line != startLine);
            }
            Value v = value();
            skipSpaces();
            boolean comma = i < s.length() && s.charAt(i) == ',';
            if (comma) {
                i++;
            }
            skipSpaces();
            String comment = null;
            if (i < s.length() && s.charAt(i) == '#') {
                comment = comment();
            }
            items.add(new Element(v, comment));
            if (!comma) {
                skipArraySpace(items);
                if (i >= s.length() || s.charAt(i) != ']') {
                    throw new SyntaxError(line, "expected ',' or ']' in the array");
                }
            }
        }
    }

    private Table table() throws SyntaxError {
        i++;
        List<KeyValue> entries = new ArrayList<>();
        skipSpaces();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return new Table(entries);
        }
        while (true) {
            List<String> key = key();
            skipSpaces();
            expect("=");
            skipSpaces();
            entries.add(new KeyValue(key, value(), null));
            skipSpaces();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect("}");
            return new Table(entries);
        }
    }

    private String literal() throws SyntaxError {
        int start = ++i;
        while (i < s.length() && s.charAt(i) != '\'' && s.charAt(i) != '\n') {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != '\'') {
            throw new SyntaxError(line, "string not closed");
        }
        return s.substring(start, i++);
    }

    private String basic() throws SyntaxError {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length() || s.charAt(i) == '\n') {
                throw new SyntaxError(line, "string not closed");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                escape(b);
            } else {
                b.append(c);
            }
        }
    }

    private void escape(StringBuilder b) throws SyntaxError {
        if (i >= s.length()) {
            throw new SyntaxError(line, "string not closed");
        }
        char e = s.charAt(i++);
        switch (e) {
            case 'b' -> b.append('\b');
            case 't' -> b.append('\t');
            case 'n' -> b.append('\n');
            case 'f' -> b.append('\f');
            case 'r' -> b.append('\r');
            case 'e' -> b.append('\u001b');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'u', 'U' -> {
                int len = e == 'u' ? 4 : 8;
                if (i + len > s.length()) {
                    throw new SyntaxError(line, "bad \\" + e + " escape");
                }
                try {
                    b.appendCodePoint(Integer.parseInt(s.substring(i, i + len), 16));
                } catch (IllegalArgumentException bad) {
                    throw new SyntaxError(line, "bad \\" + e + " escape");
                }
                i += len;
            }
            default -> throw new SyntaxError(line, "bad escape \\" + e);
        }
    }

    /** A multi-line string (TOML 1.0 §String): a newline right after the opening quotes is dropped. */
    private String multiline(char quote) throws SyntaxError {
        String delim = String.valueOf(quote).repeat(3);
        int startLine = line;
        i += 3;
        if (s.startsWith("\r\n", i)) {
            i += 2;
            line++;
        } else if (i < s.length() && s.charAt(i) == '\n') {
            i++;
            line++;
        }
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new SyntaxError(startLine, "string not closed");
            }
            if (s.startsWith(delim, i)) {
                int end = i + 3;
                while (end < s.length() && s.charAt(end) == quote && end - i < 5) {
                    end++; // up to two quotes just before the closing ones belong to the text
                }
                b.append(String.valueOf(quote).repeat(end - i - 3));
                i = end;
                return b.toString();
            }
            char c = s.charAt(i++);
            if (c == '\n') {
                line++;
            }
            if (quote == '"' && c == '\\') {
                int save = i;
                while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
                    // a line-ending backslash: the newline and the whitespace after it are dropped
                    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                        if (s.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                    continue;
                }
                i = save;
                escape(b);
            } else {
                b.append(c);
            }
        }
    }
}
