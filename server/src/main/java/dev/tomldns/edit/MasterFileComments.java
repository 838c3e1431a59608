package dev.tomldns.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ;} comments of an RFC 1035 master file and the entries they belong to. dnsjava's {@code Master} parses
 * the records but drops comments; this scanner splits the text into the same entries (RFC 1035 §5.1: an entry ends at
 * the end of a line unless parentheses continue it; {@code ;} starts a comment outside quotes; {@code \} escapes the
 * next character) so the comments can be put back beside the records {@code Master} returns, in order.
 */
final class MasterFileComments {
    /** What an entry is: a resource record, a {@code $} directive, or only comments (or nothing). */
    enum Kind { RECORD, DIRECTIVE, NONE }

    /**
     * One entry of the file.
     *
     * @param kind      what it is
     * @param words     its first words (the directive and its arguments for a directive)
     * @param comments  its comments, without the {@code ;} and the space after it
     */
    record Entry(Kind kind, List<String> words, List<String> comments) {
    }

    private MasterFileComments() {
    }

    static List<Entry> entries(String text) {
        List<Entry> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            List<String> words = new ArrayList<>();
            List<String> comments = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            int parens = 0;
            boolean startsBlank = text.charAt(i) == ' ' || text.charAt(i) == '\t';
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    word.append(c).append(text.charAt(++i));
                } else if (quoted) {
                    word.append(c);
                    quoted = c != '"';
                } else if (c == '"') {
                    word.append(c);
                    quoted = true;
                } else if (c == ';') {
                    int end = text.indexOf('\n', i);
                    end = end < 0 ? n : end;
                    String comment = text.substring(i + 1, end).stripTrailing();
                    comments.add(comment.startsWith(" ") ? comment.substring(1) : comment);
                    i = end - 1;
                } else if (c == '(' || c == ')') {
                    parens += c == '(' ? 1 : parens > 0 ? -1 : 0;
                    flush(word, words);
                } else if (c == '\n' && parens == 0) {
                    i++;
                    break;
                } else if (Character.isWhitespace(c)) {
                    flush(word, words);
                } else {
                    word.append(c);
                }
            }
            flush(word, words);
            Kind kind = words.isEmpty() ? Kind.NONE
                    : !startsBlank && words.get(0).startsWith("$") ? Kind.DIRECTIVE : Kind.RECORD;
            out.add(new Entry(kind, words, comments));
        }
        return out;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
