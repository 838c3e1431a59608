package dev.tomldns.zone.toml;

import java.util.Arrays;
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

    /** Record keys whose lines are packed into one {@code long} per record (one octet each). */
    private static final List<String> PACKED_KEYS =
            List.of("name", "type", "data", "ttl", "flags", "tag", "value", "text");

    /**
     * Line of the record's start and of each key written in it: the keys of {@link #PACKED_KEYS} as one octet each
     * in {@code packed} (0 = not written, else 1 + lines below the start), any other key or a far line in
     * {@code extra}. A map per record cost more than the record itself in a large zone.
     */
    record RecordPos(int line, long packed, Map<String, Integer> extra) {
        int lineOf(String key) {
            int slot = PACKED_KEYS.indexOf(key);
            int delta = slot < 0 ? 0 : (int) (packed >>> (8 * slot)) & 0xff;
            if (delta != 0) {
                return line + delta - 1;
            }
            return extra.getOrDefault(key, line);
        }
    }

    /**
     * The {@link RecordPos} of one record from its start line and its keys in file order, packed exactly as
     * {@link #scan} packs them: what {@link ZoneTomlScanner} hands out for each record it reads. The first line of a
     * repeated key wins, as in the scan.
     */
    static final class RecordPosBuilder {
        private int line;
        private long packed;
        private Map<String, Integer> extra;

        void start(int recordLine) {
            line = recordLine;
            packed = 0;
            extra = null;
        }

        void key(String key, int keyLine) {
            int slot = PACKED_KEYS.indexOf(key);
            if (slot >= 0 && ((packed >>> (8 * slot)) & 0xff) != 0 || extra != null && extra.containsKey(key)) {
                return;
            }
            int delta = keyLine - line;
            if (slot >= 0 && delta >= 0 && delta < 0xff) {
                packed |= (long) (delta + 1) << (8 * slot);
                return;
            }
            if (extra == null) {
                extra = new HashMap<>();
            }
            extra.put(key, keyLine);
        }

        RecordPos build() {
            return new RecordPos(line, packed, extra == null ? Map.of() : extra);
        }
    }

    /** Positions noted while reading rather than scanned: the records' come with each record. */
    static SourcePositions noted() {
        return new SourcePositions();
    }

    void noteTopKey(String key, int line) {
        topKeys.putIfAbsent(key, line);
    }

    void noteSoaKey(String key, int line) {
        soaKeys.putIfAbsent(key, line);
    }

    void noteSoaLine(int line) {
        soaLine = line;
    }

    private int[] recordLines = new int[1024];
    private long[] recordKeys = new long[1024];
    private int recordCount;
    /** Keys of record {@code i} that do not fit {@link RecordPos#packed}; rare. */
    private final Map<Integer, Map<String, Integer>> extraKeys = new HashMap<>();
    private final Map<String, Integer> topKeys = new HashMap<>();
    private final Map<String, Integer> soaKeys = new HashMap<>();
    private int soaLine;

    RecordPos record(int index) {
        if (index >= recordCount) {
            return new RecordPos(0, 0, Map.of());
        }
        return new RecordPos(recordLines[index], recordKeys[index], extraKeys.getOrDefault(index, Map.of()));
    }

    /** Starts record number {@link #recordCount} at {@code line}; returns its index. */
    private int addRecord(int line) {
        if (recordCount == recordLines.length) {
            recordLines = Arrays.copyOf(recordLines, recordCount * 2);
            recordKeys = Arrays.copyOf(recordKeys, recordCount * 2);
        }
        recordLines[recordCount] = line;
        recordKeys[recordCount] = 0;
        return recordCount++;
    }

    /**
     * Notes the first line the key {@code src[start, end)} is written on in record {@code index}; later repeats keep
     * the first. The key is compared in place: a substring per key of a large zone was a good part of the scan.
     */
    private void addRecordKey(int index, String src, int start, int end, int line) {
        int slot = packedSlot(src, start, end);
        if (slot >= 0 && ((recordKeys[index] >>> (8 * slot)) & 0xff) != 0) {
            return;
        }
        String key = null;
        Map<String, Integer> extra = extraKeys.isEmpty() ? null : extraKeys.get(index);
        if (extra != null) {
            key = src.substring(start, end);
            if (extra.containsKey(key)) {
                return;
            }
        }
        int delta = line - recordLines[index];
        if (slot >= 0 && delta >= 0 && delta < 0xff) {
            recordKeys[index] |= (long) (delta + 1) << (8 * slot);
            return;
        }
        extraKeys.computeIfAbsent(index, i -> new HashMap<>()).put(key != null ? key : src.substring(start, end), line);
    }

    /** The index in {@link #PACKED_KEYS} of the key {@code src[start, end)}, or -1. */
    private static int packedSlot(String src, int start, int end) {
        for (int slot = 0; slot < PACKED_KEYS.size(); slot++) {
            String k = PACKED_KEYS.get(slot);
            if (k.length() == end - start && src.regionMatches(start, k, 0, k.length())) {
                return slot;
            }
        }
        return -1;
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
        /** Index of the record whose keys are being read, or -1. */
        private int currentRecord = -1;
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
                            currentRecord = out.addRecord(line);
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
            int end = i;
            int j = i;
            while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
            if (j >= s.length() || s.charAt(j) != '=') { atKeyPosition = false; return; }
            i = j + 1;
            atKeyPosition = false;
            if (braceDepth > 0) {
                if (currentRecord >= 0 && braceDepth == 1) out.addRecordKey(currentRecord, s, start, end, line);
                return;
            }
            if (table.equals("records")) {
                if (currentRecord >= 0) out.addRecordKey(currentRecord, s, start, end, line);
                return;
            }
            String key = s.substring(start, end);
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
                default -> { }
            }
        }

        private void header() {
            boolean array = i + 1 < s.length() && s.charAt(i + 1) == '[';
            int end = s.indexOf(']', i);
            if (end < 0) { i = s.length(); return; }
            String name = s.substring(i + (array ? 2 : 1), end).trim();
            i = end + (array ? 2 : 1);
            currentRecord = -1;
            if (array && name.equals("records")) {
                table = "records";
                currentRecord = out.addRecord(line);
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
            boolean multi = i + 2 < s.length() && s.charAt(i + 1) == q && s.charAt(i + 2) == q;
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
