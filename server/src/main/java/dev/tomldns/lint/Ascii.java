package dev.tomldns.lint;

/**
 * The character tests the policy checks make, each one pass over the text. The lint reads values of up to 65,535
 * octets that anyone can put in a zone; a regular expression with a repeated group recurses once per character in
 * java.util.regex (a 1,500-character CAA issuer overflowed the stack of the thread loading the zones), and one with
 * two adjacent open classes backtracks quadratically. So the lint uses no regular expression: its time is linear in
 * the input and its stack depth fixed.
 */
final class Ascii {
    private Ascii() {
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }

    /** Whether {@code s} is {@code min} to {@code max} ASCII letters and digits. */
    static boolean alnum(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAlnum(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is {@code min} to {@code max} ASCII digits. */
    static boolean digits(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every character of {@code s} is in {@code allowed} or is an ASCII letter or digit; false when empty. */
    static boolean alnumOr(String s, String allowed) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A value quoted in a finding: as it is up to 100 characters, else its start, "..." and its length, so one
     * finding stays one readable line whatever the record holds.
     */
    static String cut(String s) {
        return s.length() <= 100 ? s : s.substring(0, 80) + "...(" + s.length() + " characters)";
    }

    /** RFC 3986 §3.1: {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}, followed by ':'. */
    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !isLetter(uri.charAt(0))) {
            return null;
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!isAlnum(c) && c != '+' && c != '-' && c != '.') {
                return null;
            }
        }
        return uri.substring(0, colon);
    }
}
