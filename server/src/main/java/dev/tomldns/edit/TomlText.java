package dev.tomldns.edit;

import java.util.regex.Pattern;

/** How this package writes TOML keys and strings: one deterministic spelling for each value (TOML 1.0 §String). */
public final class TomlText {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlText() {
    }

    /** A key, bare when TOML allows it, else a basic string. */
    public static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : basic(key);
    }

    /**
     * A string value: a literal string ({@code '...'}, no escapes) when the text has a quote or backslash that a
     * basic string would have to escape and a literal string can hold it; otherwise a basic string. Zone-file
     * {@code data} such as {@code 0 issue "letsencrypt.org"} reads best that way.
     */
    public static String string(String s) {
        boolean wantsLiteral = s.indexOf('"') >= 0 || s.indexOf('\\') >= 0;
        return wantsLiteral && literalAllowed(s) ? "'" + s + "'" : basic(s);
    }

    /** TOML 1.0: a literal string holds any character but {@code '}, newlines and controls other than tab. */
    private static boolean literalAllowed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || (c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A basic string with the escapes TOML 1.0 requires (quote, backslash and control characters). */
    public static String basic(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
