package dev.tomldns.zone.toml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/**
 * One pass over the UTF-8 octets of a zone file in the shape zone files are written in, handing out the top-level
 * keys, the {@code [soa]} table and then each record as soon as it is read, with the lines
 * {@link SourcePositions} would give. A large zone is thus never held as one tree (jackson-dataformat-toml builds
 * the whole document first: for a million records over a GiB of heap and seconds of parsing and collection).
 *
 * <p>It reads a strict subset of TOML 1.0: comments, blank lines, bare keys, basic strings with every TOML escape,
 * literal strings, decimal integers, arrays of strings, the {@code [soa]} table, {@code [[records]]} tables or one
 * top-level {@code records = [ {...}, ... ]} of inline tables. Anything else, valid or not, and anything doubtful
 * throws {@link Unsupported}, and the caller reads the file with jackson instead: so every syntax error and every
 * unusual but valid file gives exactly the result it gave before. The values are the jackson nodes
 * jackson-dataformat-toml would build for them ({@code IntNode} up to int range, {@code LongNode} beyond), so the
 * reader's checks and messages see no difference.
 */
final class ZoneTomlScanner {

    /** The text leaves the subset this scanner reads; jackson must read it. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false); // control flow, not an error: no stack trace
        }
    }

    /** Receives the parts of a file in file order. */
    interface Sink {
        /** The top-level keys other than {@code records}, once, before the soa table and any record. */
        void top(ObjectNode top) throws Unsupported;

        /** The {@code [soa]} table, when it ends. */
        void soa(ObjectNode soa) throws Unsupported;

        /** One record, when it ends; {@code record} is reused for the next one, so it must not be kept. */
        void record(ObjectNode record, SourcePositions.RecordPos pos) throws Unsupported;

        /**
         * A {@code [[records]]} table of exactly {@code name}, {@code type} and {@code data}, each a basic string of
         * printable ASCII without escapes, given as octet ranges of {@code text}: {@code spans} holds name, type
         * and data as from/to pairs. Returns whether it was taken; if not, the same record comes again through
         * {@link #record}, so a sink takes here only what it would take there exactly alike.
         */
        default boolean plainRecord(byte[] text, int[] spans, int line) throws Unsupported {
            return false;
        }
    }

    /** Keys a zone file uses all the time: taken as constants instead of a new String each. */
    private static final String[] COMMON_KEYS = {"name", "type", "data", "ttl", "text", "flags", "tag", "value",
        "origin", "mname", "rname", "serial", "refresh", "retry", "expire", "minimum", "also-notify"};
    private static final byte[][] COMMON_KEY_BYTES = new byte[COMMON_KEYS.length][];

    static {
        for (int k = 0; k < COMMON_KEYS.length; k++) {
            COMMON_KEY_BYTES[k] = COMMON_KEYS[k].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Values nearly every record has (types, the apex): one String and one node each instead of one per record. */
    private static final String[] COMMON_VALUES = {"A", "AAAA", "NS", "MX", "TXT", "CAA", "CNAME", "SRV", "PTR", "@"};
    private static final byte[][] COMMON_VALUE_BYTES = new byte[COMMON_VALUES.length][];
    private static final TextNode[] COMMON_VALUE_NODES = new TextNode[COMMON_VALUES.length];

    static {
        for (int k = 0; k < COMMON_VALUES.length; k++) {
            COMMON_VALUE_BYTES[k] = COMMON_VALUES[k].getBytes(StandardCharsets.US_ASCII);
            COMMON_VALUE_NODES[k] = TextNode.valueOf(COMMON_VALUES[k]);
        }
    }

    private static final byte[] RECORDS_HEADER = "[[records]]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOA_HEADER = "[soa]".getBytes(StandardCharsets.US_ASCII);

    private enum Table { TOP, SOA, RECORD }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final byte[] b;
    private final int n;
    private final SourcePositions pos;
    private final Sink sink;
    private final SourcePositions.RecordPosBuilder recordPos = new SourcePositions.RecordPosBuilder();
    private final StringBuilder escaped = new StringBuilder();
    private int i;
    private int line = 1;
    private Table table = Table.TOP;
    private final ObjectNode top;
    private ObjectNode current;
    /** The node every record is read into in turn: a fresh map per record of a large zone is garbage to collect. */
    private final ObjectNode record;
    /**
     * A {@code [[records]]} table's name, type and data while they are plain strings: their octet ranges, not yet
     * nodes, so the commonest records of a large zone make no String or node at all ({@link Sink#plainRecord}).
     */
    private final int[] raw = new int[6];
    /** Which of name (1), type (2), data (4) are in {@link #raw}; whether the table has had any other key. */
    private int rawKeys;
    private boolean otherKeys;
    private int recordLine;
    private boolean topGiven;
    private boolean soaSeen;
    private boolean inlineRecords;

    /** Reads {@code text}, noting top-level and soa key lines in {@code pos} and handing the parts to {@code sink}. */
    ZoneTomlScanner(byte[] text, SourcePositions pos, Sink sink) {
        this.b = text;
        this.n = text.length;
        this.pos = pos;
        this.sink = sink;
        this.top = nodes.objectNode();
        this.current = top;
        this.record = new ObjectNode(nodes, new Fields());
    }

    /** Reads the whole text; throws {@link Unsupported} as soon as it leaves the subset. */
    void run() throws Unsupported {
        boolean any = false;
        while (true) {
            skipBlanks();
            if (i >= n) {
                break;
            }
            byte c = b[i];
            if (c == '[') {
                header();
                any = true;
            } else if (isBareKey(c)) {
                keyValue();
                any = true;
            } else if (c != '#' && c != '\n' && c != '\r') {
                throw new Unsupported("line " + line + ": not a bare key, table header or comment");
            }
            endOfLine();
        }
        if (!any) {
            throw new Unsupported("no keys: left to jackson's idea of an empty document");
        }
        closeTable();
        giveTop();
    }

    private void header() throws Unsupported {
        if (startsWith(RECORDS_HEADER)) {
            if (inlineRecords) {
                throw new Unsupported("line " + line + ": [[records]] after records = [...]");
            }
            i += RECORDS_HEADER.length;
            closeTable();
            giveTop();
            table = Table.RECORD;
            current = record.removeAll();
            rawKeys = 0;
            otherKeys = false;
            recordLine = line;
            recordPos.start(line);
        } else if (startsWith(SOA_HEADER)) {
            if (soaSeen) {
                throw new Unsupported("line " + line + ": [soa] again");
            }
            i += SOA_HEADER.length;
            closeTable();
            giveTop();
            soaSeen = true;
            pos.noteSoaLine(line);
            table = Table.SOA;
            current = nodes.objectNode();
        } else {
            throw new Unsupported("line " + line + ": a table other than [soa] and [[records]]");
        }
    }

    /** Hands out the table that just ended. */
    private void closeTable() throws Unsupported {
        if (table == Table.SOA) {
            sink.soa(current);
        } else if (table == Table.RECORD) {
            if (otherKeys || rawKeys != 7 || !sink.plainRecord(b, raw, recordLine)) {
                materializeRaw();
                sink.record(current, recordPos.build());
            }
            rawKeys = 0;
        }
        table = null;
        current = null;
    }

    private void giveTop() throws Unsupported {
        if (!topGiven) {
            topGiven = true;
            sink.top(top);
        }
    }

    private void keyValue() throws Unsupported {
        int keyLine = line;
        String key = bareKey();
        skipBlanks();
        if (i >= n || b[i] != '=') {
            throw new Unsupported("line " + line + ": dotted key or no '=' after a key");
        }
        i++;
        skipBlanks();
        if (table == Table.TOP) {
            topKeyValue(key, keyLine);
            return;
        }
        int rawBit = table == Table.RECORD ? rawBit(key) : 0;
        if (current.has(key) || (rawKeys & rawBit) != 0) {
            throw new Unsupported("line " + line + ": duplicate key '" + key + "'");
        }
        if (table == Table.RECORD) {
            int from = rawBit != 0 ? plainString() : -1;
            if (from >= 0) {
                int k = rawBit == 1 ? 0 : rawBit == 2 ? 2 : 4;
                raw[k] = from;
                raw[k + 1] = i - 1; // the closing quote
                rawKeys |= rawBit;
                recordPos.key(key, keyLine);
                return;
            }
            otherKeys = true;
        }
        current.set(key, value());
        if (table == Table.SOA) {
            pos.noteSoaKey(key, keyLine);
        } else {
            recordPos.key(key, keyLine);
        }
    }

    private void topKeyValue(String key, int keyLine) throws Unsupported {
        if (inlineRecords || top.has(key) || key.equals("soa")) {
            throw new Unsupported("line " + line + ": top-level key '" + key + "' after records, twice, or soa");
        }
        if (key.equals("records")) {
            if (i >= n || b[i] != '[') {
                throw new Unsupported("line " + line + ": records is not an array");
            }
            pos.noteTopKey(key, keyLine);
            giveTop();
            inlineRecords = true;
            inlineRecordArray();
            return;
        }
        top.set(key, value());
        pos.noteTopKey(key, keyLine);
    }

    /** {@code records = [ { ... }, ... ]}: each inline table is handed out as soon as it closes. */
    private void inlineRecordArray() throws Unsupported {
        i++; // [
        while (true) {
            skipArrayBlanks();
            if (at(']')) {
                i++;
                return;
            }
            if (!at('{')) {
                throw new Unsupported("line " + line + ": records element is not an inline table");
            }
            inlineRecord();
            skipArrayBlanks();
            if (at(',')) {
                i++;
            } else if (at(']')) {
                i++;
                return;
            } else {
                throw new Unsupported("line " + line + ": no ',' or ']' after a record");
            }
        }
    }

    /** One {@code { key = value, ... }} (TOML 1.0: on one line, no trailing comma; arrays inside may span lines). */
    private void inlineRecord() throws Unsupported {
        recordPos.start(line);
        ObjectNode r = record.removeAll();
        i++; // {
        skipBlanks();
        if (at('}')) {
            i++;
            sink.record(r, recordPos.build());
            return;
        }
        while (true) {
            if (i >= n || !isBareKey(b[i])) {
                throw new Unsupported("line " + line + ": not a bare key in an inline table");
            }
            int keyLine = line;
            String key = bareKey();
            skipBlanks();
            if (!at('=')) {
                throw new Unsupported("line " + line + ": dotted key or no '=' in an inline table");
            }
            i++;
            skipBlanks();
            if (r.has(key)) {
                throw new Unsupported("line " + line + ": duplicate key '" + key + "'");
            }
            r.set(key, value());
            recordPos.key(key, keyLine);
            skipBlanks();
            if (at(',')) {
                i++;
                skipBlanks();
            } else if (at('}')) {
                i++;
                break;
            } else {
                throw new Unsupported("line " + line + ": no ',' or '}' in an inline table");
            }
        }
        sink.record(r, recordPos.build());
    }

    private JsonNode value() throws Unsupported {
        if (i >= n) {
            throw new Unsupported("end of file where a value belongs");
        }
        byte c = b[i];
        if (c == '"') {
            return textNode(basicString());
        }
        if (c == '\'') {
            return textNode(literalString());
        }
        if (c == '[') {
            return stringArray();
        }
        if (c == '+' || c == '-' || c >= '0' && c <= '9') {
            return integer();
        }
        throw new Unsupported("line " + line + ": a value other than string, integer or array of strings");
    }

    /**
     * TOML 1.0 dec-int: {@code [+-]? (0 | [1-9] (_? [0-9])*)}, parsed to the node jackson-dataformat-toml makes:
     * an int when it fits, else a long. Over 18 digits (where jackson turns to BigInteger), hex, octal, binary and
     * anything running on into a float or date are left to jackson.
     */
    private JsonNode integer() throws Unsupported {
        boolean negative = b[i] == '-';
        if (b[i] == '+' || b[i] == '-') {
            i++;
        }
        if (i >= n || b[i] < '0' || b[i] > '9') {
            throw new Unsupported("line " + line + ": sign without digits (inf, nan?)");
        }
        long v = 0;
        int digits = 0;
        if (b[i] == '0') {
            i++;
            digits = 1;
        } else {
            while (i < n) {
                byte c = b[i];
                if (c >= '0' && c <= '9') {
                    v = v * 10 + (c - '0');
                    if (++digits > 18) {
                        throw new Unsupported("line " + line + ": integer over 18 digits");
                    }
                    i++;
                } else if (c == '_' && i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '9') {
                    i++; // TOML: an underscore stands between two digits
                } else {
                    break;
                }
            }
        }
        if (i < n && !endsValue(b[i])) {
            throw new Unsupported("line " + line + ": not a plain decimal integer");
        }
        long signed = negative ? -v : v;
        return digits <= 9 || (int) signed == signed ? IntNode.valueOf((int) signed) : LongNode.valueOf(signed);
    }

    private static boolean endsValue(byte c) {
        return c == ' ' || c == '\t' || c == ',' || c == ']' || c == '}' || c == '#' || c == '\n' || c == '\r';
    }

    /** {@code [ "a", 'b', ... ]}: strings only; blanks, newlines and comments between them, a trailing comma. */
    private ArrayNode stringArray() throws Unsupported {
        i++; // [
        ArrayNode a = nodes.arrayNode();
        while (true) {
            skipArrayBlanks();
            if (at(']')) {
                i++;
                return a;
            }
            if (at('"')) {
                a.add(basicString());
            } else if (at('\'')) {
                a.add(literalString());
            } else {
                throw new Unsupported("line " + line + ": an array element other than a string");
            }
            skipArrayBlanks();
            if (at(',')) {
                i++;
            } else if (at(']')) {
                i++;
                return a;
            } else {
                throw new Unsupported("line " + line + ": no ',' or ']' in an array");
            }
        }
    }

    /** {@code "..."} on one line with TOML's escapes; multi-line strings are jackson's. */
    private String basicString() throws Unsupported {
        return oneLineString((byte) '"', "multi-line basic string");
    }

    /**
     * A one-line string from its opening quote: basic ({@code "}, backslash escapes) or literal ({@code '}, taken
     * as written). A tripled quote opens a multi-line string, which is left to jackson.
     */
    private String oneLineString(byte quote, String multiLine) throws Unsupported {
        if (i + 2 < n && b[i + 1] == quote && b[i + 2] == quote) {
            throw new Unsupported("line " + line + ": " + multiLine);
        }
        int start = ++i;
        boolean ascii = true;
        while (i < n) {
            byte c = b[i];
            if (c == quote) {
                String s = text(start, i, ascii);
                i++;
                return s;
            }
            if (c == '\\' && quote == '"') {
                return escapedString(start);
            }
            if (c < 0) {
                ascii = false;
                i += utf8Length(i);
            } else {
                plainChar(c);
                i++;
            }
        }
        throw new Unsupported("end of file in a string");
    }

    /** The rest of a basic string from its first backslash; {@code start} is its first octet. */
    private String escapedString(int start) throws Unsupported {
        StringBuilder sb = escaped;
        sb.setLength(0);
        int run = start;
        while (i < n) {
            byte c = b[i];
            if (c == '"') {
                sb.append(text(run, i, false));
                i++;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(text(run, i, false));
                escape(sb);
                run = i;
            } else if (c < 0) {
                i += utf8Length(i);
            } else {
                plainChar(c);
                i++;
            }
        }
        throw new Unsupported("end of file in a string");
    }

    /** TOML 1.0 escapes; any other backslash is a syntax error, which jackson reports. */
    private void escape(StringBuilder sb) throws Unsupported {
        if (i + 1 >= n) {
            throw new Unsupported("end of file in an escape");
        }
        byte e = b[i + 1];
        i += 2;
        switch (e) {
            case 'b' -> sb.append('\b');
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'f' -> sb.append('\f');
            case 'r' -> sb.append('\r');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'u' -> sb.appendCodePoint(scalar(4));
            case 'U' -> sb.appendCodePoint(scalar(8));
            default -> throw new Unsupported("line " + line + ": unknown escape");
        }
    }

    /** {@code digits} hex digits naming a Unicode scalar value; surrogates and beyond U+10FFFF are jackson's. */
    private int scalar(int digits) throws Unsupported {
        if (i + digits > n) {
            throw new Unsupported("end of file in an escape");
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(b[i + k], 16);
            if (d < 0) {
                throw new Unsupported("line " + line + ": bad unicode escape");
            }
            v = v << 4 | d;
        }
        if (v < 0 || v > 0x10ffff || v >= 0xd800 && v <= 0xdfff) {
            throw new Unsupported("line " + line + ": escape of a surrogate or beyond U+10FFFF");
        }
        i += digits;
        return v;
    }

    /** {@code '...'} on one line, taken as written; multi-line literal strings are jackson's. */
    private String literalString() throws Unsupported {
        return oneLineString((byte) '\'', "multi-line literal string");
    }

    /** TOML 1.0: no control characters but tab in strings and comments (a newline ends a one-line string). */
    private void plainChar(byte c) throws Unsupported {
        if (c < 0x20 && c != '\t' || c == 0x7f) {
            throw new Unsupported("line " + line + ": control character");
        }
    }

    /** The bit of a record key kept as a range while plain (name 1, type 2, data 4), else 0. */
    private static int rawBit(String key) {
        // bareKey gives these keys as the constants of COMMON_KEYS, the same interned strings as these literals.
        return key == "name" ? 1 : key == "type" ? 2 : key == "data" ? 4 : 0;
    }

    /**
     * A one-line basic string of printable ASCII without escapes at {@code i}: moves past it and returns the index
     * of its first octet; anything else returns -1 and leaves {@code i} where it was, for {@link #value}.
     */
    private int plainString() {
        if (i >= n || b[i] != '"' || i + 2 < n && b[i + 1] == '"' && b[i + 2] == '"') {
            return -1;
        }
        for (int j = i + 1; j < n; j++) {
            byte c = b[j];
            if (c == '"') {
                int from = i + 1;
                i = j + 1;
                return from;
            }
            if (c == '\\' || c < 0x20 || c >= 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /** The plain strings of the current record kept as ranges, made into the nodes {@link #value} would make. */
    private void materializeRaw() {
        String[] keys = {"name", "type", "data"};
        for (int k = 0; k < 3; k++) {
            if ((rawKeys & (1 << k)) != 0) {
                current.set(keys[k], textNode(text(raw[2 * k], raw[2 * k + 1], true)));
            }
        }
    }

    /** The node of {@code s}, shared when {@code s} is one of {@link #COMMON_VALUES}. */
    private static TextNode textNode(String s) {
        for (int k = 0; k < COMMON_VALUES.length; k++) {
            if (COMMON_VALUES[k] == s) {
                return COMMON_VALUE_NODES[k];
            }
        }
        return TextNode.valueOf(s);
    }

    /** Octets {@code [from, to)}, already checked to be well-formed UTF-8, as a String. */
    private String text(int from, int to, boolean ascii) {
        if (ascii && to - from <= 5) {
            for (int k = 0; k < COMMON_VALUES.length; k++) {
                byte[] known = COMMON_VALUE_BYTES[k];
                if (known.length == to - from && java.util.Arrays.equals(b, from, to, known, 0, known.length)) {
                    return COMMON_VALUES[k];
                }
            }
        }
        // ISO-8859-1 of ASCII octets is a plain copy into a compact string, the cheapest way to make one.
        return new String(b, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code at} (Unicode 15 table 3-7: no overlong forms, no
     * surrogates, nothing beyond U+10FFFF: what Java's decoder accepts). Anything else is left to the reader's
     * usual path, which reports or replaces it as it always did.
     */
    private int utf8Length(int at) throws Unsupported {
        int b0 = b[at] & 0xff;
        int len;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3;
            lo = b0 == 0xe0 ? 0xa0 : 0x80;
            hi = b0 == 0xed ? 0x9f : 0xbf;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4;
            lo = b0 == 0xf0 ? 0x90 : 0x80;
            hi = b0 == 0xf4 ? 0x8f : 0xbf;
        } else {
            throw new Unsupported("malformed UTF-8");
        }
        if (at + len > n) {
            throw new Unsupported("malformed UTF-8");
        }
        int b1 = b[at + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            throw new Unsupported("malformed UTF-8");
        }
        for (int k = 2; k < len; k++) {
            int bk = b[at + k] & 0xff;
            if (bk < 0x80 || bk > 0xbf) {
                throw new Unsupported("malformed UTF-8");
            }
        }
        return len;
    }

    /**
     * The keys of one record in the order written, in two arrays: a record has three or four keys, and a hash map's
     * entry per key was the largest garbage of reading a large zone. Read through {@link ObjectNode}, which uses only
     * the {@link java.util.Map} interface.
     */
    private static final class Fields extends java.util.AbstractMap<String, JsonNode> {
        private String[] keys = new String[8];
        private JsonNode[] values = new JsonNode[8];
        private int size;

        private int indexOf(Object key) {
            for (int k = 0; k < size; k++) {
                if (keys[k] == key) {
                    return k;
                }
            }
            for (int k = 0; k < size; k++) {
                if (keys[k].equals(key)) {
                    return k;
                }
            }
            return -1;
        }

        @Override
        public JsonNode get(Object key) {
            int k = indexOf(key);
            return k < 0 ? null : values[k];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public JsonNode put(String key, JsonNode value) {
            int k = indexOf(key);
            if (k >= 0) {
                JsonNode old = values[k];
                values[k] = value;
                return old;
            }
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
            return null;
        }

        @Override
        public void clear() {
            java.util.Arrays.fill(values, 0, size, null);
            java.util.Arrays.fill(keys, 0, size, null);
            size = 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public java.util.Set<Entry<String, JsonNode>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, JsonNode>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, JsonNode> next() {
                            if (next >= size) {
                                throw new java.util.NoSuchElementException();
                            }
                            int k = next++;
                            return new SimpleImmutableEntry<>(keys[k], values[k]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    private String bareKey() {
        int start = i;
        while (i < n && isBareKey(b[i])) {
            i++;
        }
        int len = i - start;
        for (int k = 0; k < COMMON_KEYS.length; k++) {
            byte[] known = COMMON_KEY_BYTES[k];
            if (known.length == len && java.util.Arrays.equals(b, start, i, known, 0, len)) {
                return COMMON_KEYS[k];
            }
        }
        return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }

    /** TOML 1.0 unquoted-key characters. */
    private static boolean isBareKey(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** After an expression: blanks, an optional comment, then a newline (LF or CRLF) or the end of the file. */
    private void endOfLine() throws Unsupported {
        skipBlanks();
        if (at('#')) {
            comment();
        }
        if (i >= n) {
            return;
        }
        newline();
    }

    /** A newline at {@code i}: LF or CRLF (a lone CR is not a TOML newline). */
    private void newline() throws Unsupported {
        if (b[i] == '\n') {
            i++;
        } else if (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n') {
            i += 2;
        } else {
            throw new Unsupported("line " + line + ": more after a value, or a lone CR");
        }
        line++;
    }

    /** {@code # ...} up to the end of the line, checked for control characters and UTF-8. */
    private void comment() throws Unsupported {
        i++;
        while (i < n) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                return;
            }
            if (c < 0) {
                i += utf8Length(i);
            } else {
                plainChar(c);
                i++;
            }
        }
    }

    /** Inside an array: blanks, comments and newlines. */
    private void skipArrayBlanks() throws Unsupported {
        while (true) {
            skipBlanks();
            if (i >= n) {
                throw new Unsupported("end of file in an array");
            }
            if (b[i] == '#') {
                comment();
                if (i >= n) {
                    throw new Unsupported("end of file in an array");
                }
            }
            if (b[i] == '\n' || b[i] == '\r') {
                newline();
            } else {
                return;
            }
        }
    }

    private void skipBlanks() {
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
    }

    private boolean at(char c) {
        return i < n && b[i] == c;
    }

    private boolean startsWith(byte[] token) {
        return i + token.length <= n && java.util.Arrays.equals(b, i, i + token.length, token, 0, token.length);
    }
}
