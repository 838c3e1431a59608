package dev.tomldns.zone.toml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line numbers for the parts of a zone file that semantic errors point at.
 *
 * <p>jackson-dataformat-toml keeps no positions once a document is parsed, so this is a cheap single pass over the
 * source that skips strings and comments and notes: the line of every {@code [[records]]} header or inline
 * {@code { ... }} record (in document order, which is also the order Jackson gives the array), the line of each key
 * inside those records, and the line of each top-level and {@code [soa]} key.
 */
final class SourcePositions {

    /** Line of the record's start and of each key written in it. */
    record RecordPos(int line, Map<String, Integer> keys) {
        int lineOf(String key) {
            return keys.getOrDefault(key, line);
        }
    }

    private final List<RecordPos> records = new ArrayList<>();
    private final Map<String, Integer> topKeys = new HashMap<>();
    private final Map<String, Integer> soaKeys = new HashMap<>();
    private int soaLine;

    RecordPos record(int index) {
        return index < records.size() ? records.get(index) : new RecordPos(0, Map.of());
    }

    int topKey(String key) {
        return topKeys.getOrDefault(key, 0);
    }

    int soaKey(String key) {
        return soaKeys.getOrDefault(key, soaLine);
    }

    int soaLine() {
        return soaLine;
    }

    static SourcePositions scan(String src) {
        SourcePositions p = new SourcePositions();
        new Scanner(src, p).run();
        return p;
    }

    /** A deliberately small TOML tokenizer: only keys, headers, brackets and braces matter here. */
    private static final class Scanner {
        private final String s;
        private final SourcePositions out;
        private int i;
        private int line = 1;
        /** Which table the current [header] opened: "", "soa", "records" or something else. */
        private String table = "";
        private Map<String, Integer> currentRecordKeys;
        private int bracketDepth;   // [ ] depth inside values
        private int braceDepth;     // { } depth
        private boolean inRecordsArray; // inside `records = [ ... ]`
        private boolean atKeyPosition = true; // start of a line or after ',' / '{' inside an inline table

        Scanner(String s, SourcePositions out) {
            this.s = s;
            this.out = out;
        }

        void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                    if (bracketDepth == 0 && braceDepth == 0) atKeyPosition = true;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r') { i++; continue; }
                if (c == '#') { skipComment(); continue; }
                if (c == '"' || c == '\'') { skipString(); atKeyPosition = false; continue; }
                if (c == '[' && bracketDepth == 0 && braceDepth == 0 && atKeyPosition) { header(); continue; }
                if (atKeyPosition && isKeyStart(c)) { key(); continue; }
                switch (c) {
                    case '[' -> bracketDepth++;
                    case ']' -> { bracketDepth--; if (bracketDepth == 0) inRecordsArray = false; }
                    case '{' -> {
                        braceDepth++;
                        if (inRecordsArray && braceDepth == 1 && bracketDepth == 1) {
                            currentRecordKeys = new HashMap<>();
                            out.records.add(new RecordPos(line, currentRecordKeys));
                        }
                        atKeyPosition = true;
                        i++;
                        continue;
                    }
                    case '}' -> braceDepth--;
                    case ',' -> { if (braceDepth > 0 && bracketDepth == braceDepthArrayBase()) { atKeyPosition = true; i++; continue; } }
                    default -> { }
                }
                atKeyPosition = false;
                i++;
            }
        }

        /** Inside an inline table nested in the records array, commas separate keys at bracket depth 1. */
        private int braceDepthArrayBase() {
            return inRecordsArray ? 1 : 0;
        }

        private static boolean isKeyStart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-';
        }

        private void key() {
            int start = i;
            while (i < s.length() && (isKeyStart(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String key = s.substring(start, i);
            int j = i;
            while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
            if (j >= s.length() || s.charAt(j) != '=') { atKeyPosition = false; return; }
            i = j + 1;
            atKeyPosition = false;
            if (braceDepth > 0) {
                if (currentRecordKeys != null && braceDepth == 1) currentRecordKeys.putIfAbsent(key, line);
                return;
            }
            switch (table) {
                case "" -> {
                    out.topKeys.putIfAbsent(key, line);
                    if (key.equals("records")) {
                        int k = i;
                        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) k++;
                        if (k < s.length() && s.charAt(k) == '[') inRecordsArray = true;
                    }
                }
                case "soa" -> out.soaKeys.putIfAbsent(key, line);
                case "records" -> { if (currentRecordKeys != null) currentRecordKeys.putIfAbsent(key, line); }
                default -> { }
            }
        }

        private void header() {
            boolean array = i + 1 < s.length() && s.charAt(i + 1) == '[';
            int end = s.indexOf(']', i);
            if (end < 0) { i = s.length(); return; }
            String name = s.substring(i + (array ? 2 : 1), end).trim();
            i = end + (array ? 2 : 1);
            currentRecordKeys = null;
            if (array && name.equals("records")) {
                table = "records";
                currentRecordKeys = new HashMap<>();
                out.records.add(new RecordPos(line, currentRecordKeys));
            } else if (!array && name.equals("soa")) {
                table = "soa";
                out.soaLine = line;
            } else {
                table = name;
                out.topKeys.putIfAbsent(name, line);
            }
            atKeyPosition = false;
        }

        private void skipComment() {
            while (i < s.length() && s.charAt(i) != '\n') i++;
        }

        private void skipString() {
            char q = s.charAt(i);
            boolean multi = s.startsWith(String.valueOf(q).repeat(3), i);
            if (multi) {
                String close = String.valueOf(q).repeat(3);
                i += 3;
                while (i < s.length() && !s.startsWith(close, i)) {
                    if (q == '"' && s.charAt(i) == '\\') i++;
                    else if (s.charAt(i) == '\n') line++;
                    i++;
                }
                i += 3;
                while (i < s.length() && s.charAt(i) == q) i++; // up to two quotes may close a multi-line string
                return;
            }
            i++;
            while (i < s.length() && s.charAt(i) != q && s.charAt(i) != '\n') {
                if (q == '"' && s.charAt(i) == '\\') i++;
                i++;
            }
            if (i < s.length() && s.charAt(i) == q) i++;
        }
    }
}
