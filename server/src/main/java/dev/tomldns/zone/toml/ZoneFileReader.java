package dev.tomldns.zone.toml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TreeTraversingParser;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tomldns.wire.Limits;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneBuilder;
import dev.tomldns.zone.ZoneFile;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads one zone file in the TOML format of {@code zone-format.md} and validates it completely: every problem is
 * reported with the file and line, and a file with any error yields no zone.
 *
 * <p>A file in the usual shape is read in one pass by {@link ZoneTomlScanner}, which hands out each record with its
 * lines as it comes, so a large zone never exists as one parsed tree. Anything else, and every syntax error, is
 * parsed by jackson-dataformat-toml (TOML 1.0, syntax errors with line and column), with the lines of semantic
 * errors from {@link SourcePositions}; both ways share every check and message below, so they give the same result.
 * Record data is parsed by dnsjava exactly as the RDATA of an RFC 1035 master-file line; the structured CAA and TXT
 * forms are encoded here octet for octet.
 */
public final class ZoneFileReader {
    static {
        dev.tomldns.wire.Rfc8659CaaRecord.install(); // RFC 8659 §4.1: a CAA tag in either case parses
    }

    /** Default TTL when the file sets none (zone-format.md). */
    public static final long DEFAULT_TTL = 3600;
    private static final long MAX_TTL = 0x7fffffffL; // RFC 2181 §8

    private static final Set<String> TOP_KEYS = Set.of("origin", "ttl", "soa", "records", "also-notify");
    private static final Set<String> SOA_KEYS =
            Set.of("mname", "rname", "serial", "refresh", "retry", "expire", "minimum", "ttl");
    private static final Set<String> RECORD_KEYS =
            Set.of("name", "type", "data", "ttl", "flags", "tag", "value", "text");
    /** Types that are not data: queries, transfers and pseudo-records (RFC 6895 §3.1). */
    private static final Set<Integer> NOT_DATA = Set.of(Type.OPT, Type.TSIG, Type.TKEY, Type.IXFR, Type.AXFR,
            Type.MAILA, Type.MAILB, Type.ANY, Type.SOA);

    /**
     * jackson's mapper, made on first use: the one-pass scanner reads most files without it, and making one loads
     * some hundreds of classes (about half a second of a cold start on one CPU).
     */
    private static final class Jackson {
        static final TomlMapper MAPPER = new TomlMapper();
    }
    /** Whether the last file was read by {@link ZoneTomlScanner} (tests check it is taken where it should be). */
    private volatile boolean lastStreamed;

    /** Reads and validates a file; never throws. */
    public ZoneFile read(Path file) {
        Parse scanned;
        try {
            // The octets are held by no variable here: once scanned they can be collected while the zone is built.
            scanned = scan(file, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return failed(file, 0, "cannot read file: " + unreadable(e));
        }
        if (scanned != null) {
            return scanned.finish();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return failed(file, 0, "cannot read file: " + unreadable(e));
        }
        return parseUnscanned(file, bytes);
    }

    /** Why a file could not be read, in a user's words (the JDK's exceptions name the path or nothing). */
    public static String unreadable(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof IOException && "Is a directory".equals(e.getMessage())) {
            return "it is a directory";
        }
        String why = e.getMessage();
        return e instanceof IOException && why != null && !why.isBlank() ? Diagnostic.printable(why, 200)
                : "the file could not be read";
    }

    /**
     * The octets of a file {@link ZoneTomlScanner} did not take: checked to be UTF-8 (TOML 1.0; the first octets
     * that are not are an error at their line and column), then parsed by jackson.
     */
    private ZoneFile parseUnscanned(Path file, byte[] bytes) {
        Utf8Text.Malformed bad = Utf8Text.check(bytes);
        if (bad != null) {
            return failed(file, bad.line(), bad.column(), bad.message());
        }
        return parseTree(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The line of a key in the {@code [soa]} table of {@code text} (the table's line when the key is missing, 0
     * without a table): lets a later check, such as a reload's serial comparison, point at the right line.
     */
    public static int soaKeyLine(String text, String key) {
        return SourcePositions.scan(text).soaKey(key);
    }

    /** The origin a file name implies: {@code example.net.toml} serves {@code example.net.}. */
    public static String originFromFileName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".toml") ? name.substring(0, name.length() - 5) : name;
    }

    /** Validates {@code text} as if read from {@code file}; never throws. */
    public ZoneFile parse(Path file, String text) {
        byte[] bytes = utf8(text);
        ZoneFile streamed = bytes == null ? null : stream(file, bytes);
        return streamed != null ? streamed : parseTree(file, text);
    }

    /**
     * Validates {@code bytes} as if read from {@code file}, exactly as {@link #read} does (octets that are not UTF-8
     * are an error, never replaced); never throws.
     */
    public ZoneFile parse(Path file, byte[] bytes) {
        ZoneFile streamed = stream(file, bytes);
        return streamed != null ? streamed : parseUnscanned(file, bytes);
    }

    /** Whether the last read or parse went through {@link ZoneTomlScanner} rather than jackson. */
    boolean lastStreamed() {
        return lastStreamed;
    }

    /** The file read in one pass by {@link ZoneTomlScanner}, or {@code null} when it must go to jackson. */
    private ZoneFile stream(Path file, byte[] bytes) {
        Parse scanned = scan(file, bytes);
        return scanned == null ? null : scanned.finish();
    }

    /** The parse of {@code bytes} with every record read, or {@code null} when it must go to jackson. */
    private Parse scan(Path file, byte[] bytes) {
        // A record takes 40 to 80 octets in the usual form: this leaves room for all of them, rarely many more.
        Parse parse = new Parse(file, SourcePositions.noted(), Math.max(10, bytes.length / 40));
        try {
            new ZoneTomlScanner(bytes, parse.positions(), parse).run();
        } catch (ZoneTomlScanner.Unsupported | RuntimeException e) {
            // A RuntimeException would be a bug here; jackson's way still gives the result it always gave.
            lastStreamed = false;
            return null;
        }
        lastStreamed = true;
        return parse;
    }

    /** {@code text} as UTF-8, or {@code null} when it holds a lone surrogate (which getBytes would replace). */
    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean question = false;
        for (byte b : bytes) {
            question |= b == '?';
        }
        if (!question) {
            return bytes; // getBytes writes '?' for a lone surrogate: none here
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one supplementary character, which UTF-8 holds
            } else if (Character.isSurrogate(c)) {
                return null; // a lone one: left to jackson, which reads the text as it is
            }
        }
        return bytes;
    }

    /** Validates {@code text} with jackson's tree of it (the way for every file the scanner does not take). */
    ZoneFile parseTree(Path file, String text) {
        JsonNode root;
        try {
            root = tree(text);
        } catch (JacksonException e) {
            TomlSyntax.Problem p = TomlSyntax.describe(e, text);
            return failed(file, p.line(), p.column(), p.message());
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // No IOException comes from a String, and jackson's parser is not recursive; should either happen, the
            // file is still refused with a message rather than the reader failing.
            return failed(file, 1, "the file could not be parsed as TOML");
        }
        if (root == null || !root.isObject()) {
            return failed(file, 1, "empty zone file: it needs at least a [soa] table");
        }
        return new Parse(file, root, SourcePositions.scan(text)).run();
    }

    /**
     * The document as jackson-dataformat-toml parsed it. Its parser builds the whole tree first and then hands
     * out a {@link TreeTraversingParser} over it, from which {@code readTree} would copy a second tree: for a
     * million records that copy alone is hundreds of MiB and seconds of garbage collection. So the parser's own tree
     * is taken: once inside the root object, the parent of the parser's context is the cursor over the root, and
     * its {@code currentNode()} is the tree. Should a jackson version build its parser otherwise, the copy is made
     * as before. Syntax errors are thrown by {@code createParser} either way.
     */
    private JsonNode tree(String text) throws IOException {
        JsonParser parser = Jackson.MAPPER.createParser(text);
        if (CURSOR_NODE != null && parser instanceof TreeTraversingParser
                && parser.nextToken() == JsonToken.START_OBJECT && parser.getParsingContext().getParent() != null) {
            try {
                if (CURSOR_NODE.invoke(parser.getParsingContext().getParent()) instanceof ObjectNode root) {
                    return root;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the copy
            }
        }
        return Jackson.MAPPER.readTree(text);
    }

    /** {@code NodeCursor.currentNode()} of jackson-databind, or {@code null} when this jackson has none. */
    private static final Method CURSOR_NODE = cursorNode();

    private static Method cursorNode() {
        try {
            Method m = Class.forName("com.fasterxml.jackson.databind.node.NodeCursor").getDeclaredMethod("currentNode");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static ZoneFile failed(Path file, int line, String message) {
        return failed(file, line, 0, message);
    }

    private static ZoneFile failed(Path file, int line, int column, String message) {
        return new ZoneFile(file, null, List.of(Diagnostic.error(file, line, column, message)), List.of(), false);
    }

    /**
     * One file's validation; collects every diagnostic instead of stopping at the first. It runs in phases (top-level
     * keys, SOA, records, also-notify, zone-wide checks) over either jackson's whole tree ({@link #run}) or the parts
     * {@link ZoneTomlScanner} hands out one by one ({@link #top}, {@link #soa}, {@link #record}, {@link #finish}).
     * Each phase keeps its own diagnostics, so the SOA and records may come in either order and the result still
     * lists everything as the tree walk does: by line, and on one line in phase order.
     */
    private static final class Parse implements ZoneTomlScanner.Sink {
        private static final int TOP = 0;
        private static final int SOA = 1;
        private static final int RECORDS = 2;
        private static final int NOTIFY = 3;
        private static final int ZONE = 4;

        private final Path file;
        private JsonNode root;
        private final SourcePositions pos;
        private final List<List<Diagnostic>> diags = List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        private int phase = TOP;
        /** Takes each record as it is read (made once the origin is known): no list of a million records. */
        private ZoneBuilder records;
        private final int expectedRecords;
        private List<InetSocketAddress> alsoNotify = List.of();
        private Name origin;
        private long defaultTtl = DEFAULT_TTL;
        private boolean soaRead;
        private SOARecord soa;
        private boolean managed;
        private int recordIndex;
        /**
         * The last good record name as written, as parsed (null until needed for a plain name), and its id in the
         * builder (-1 when it went by its {@code Name}).
         */
        private String lastOwnerText;
        private Name lastOwner;
        private int lastOwnerId = -1;
        /** The origin in wire form, for {@link PlainName}. */
        private byte[] originWire;
        /** The last owner {@link #plainRecord} took: its octets in the file and its id (-1: none yet). */
        private int lastSpanFrom;
        private int lastSpanTo = -1;
        private int lastSpanId;

        /** A walk over jackson's tree {@code root}, with lines from a scan of the text. */
        Parse(Path file, JsonNode root, SourcePositions pos) {
            this(file, root, pos, 10);
        }

        /**
         * A parse fed by {@link ZoneTomlScanner}, which notes the top-level and SOA lines in {@code pos}; room is
         * made for about {@code expectedRecords} records at once, since growing a list of a million is slow.
         */
        Parse(Path file, SourcePositions pos, int expectedRecords) {
            this(file, null, pos, expectedRecords);
        }

        private Parse(Path file, JsonNode root, SourcePositions pos, int expectedRecords) {
            this.file = file;
            this.root = root;
            this.pos = pos;
            this.expectedRecords = expectedRecords;
        }

        SourcePositions positions() {
            return pos;
        }

        ZoneFile run() {
            if (!readTop()) {
                return result(null, false);
            }
            readSoaTable(root.get("soa"));
            readRecords();
            return finish();
        }

        @Override
        public void top(ObjectNode top) throws ZoneTomlScanner.Unsupported {
            root = top;
            if (!readTop()) {
                // The tree walk stops here and reports nothing more; leave such a file to it.
                throw new ZoneTomlScanner.Unsupported("no usable origin");
            }
        }

        @Override
        public void soa(ObjectNode soaTable) {
            readSoaTable(soaTable);
        }

        @Override
        public void record(ObjectNode r, SourcePositions.RecordPos rp) {
            phase = RECORDS;
            readRecord(recordIndex++, r, rp);
        }

        /**
         * The commonest record of a large zone, {@code name}/{@code type}/{@code data} only: an A or AAAA at a plain
         * name with a plain address is added straight from the file's octets, which {@link #addRecord} would take
         * exactly alike (no diagnostic is possible for it). Anything else is left to {@link #record}.
         */
        @Override
        public boolean plainRecord(byte[] text, int[] spans, int line) {
            int type = addressType(text, spans[2], spans[3]);
            if (type < 0 || records == null) {
                return false;
            }
            int id = plainOwner(text, spans[0], spans[1]);
            if (id < 0) {
                return false;
            }
            byte[] address = type == Type.A ? PlainName.ipv4(text, spans[4], spans[5])
                    : CommonRdata.address(type, new String(text, spans[4], spans[5] - spans[4],
                            java.nio.charset.StandardCharsets.ISO_8859_1));
            if (address == null) {
                return false;
            }
            phase = RECORDS;
            recordIndex++;
            records.add(id, type, defaultTtl, address, line);
            return true;
        }

        /** A or AAAA as written in {@code text[from, to)}, else -1. */
        private static int addressType(byte[] text, int from, int to) {
            if (to - from == 1 && text[from] == 'A') {
                return Type.A;
            }
            if (to - from == 4 && text[from] == 'A' && text[from + 1] == 'A' && text[from + 2] == 'A'
                    && text[from + 3] == 'A') {
                return Type.AAAA;
            }
            return -1;
        }

        /** The id of the plain owner name (or "@") in {@code text[from, to)}, or -1 when it is not one. */
        private int plainOwner(byte[] text, int from, int to) {
            if (lastSpanTo >= 0 && java.util.Arrays.equals(text, from, to, text, lastSpanFrom, lastSpanTo)) {
                return lastSpanId;
            }
            int id;
            if (to - from == 1 && text[from] == '@') {
                id = 0; // the apex: the builder's first name
            } else {
                byte[] wire = PlainName.toWire(text, from, to, originWire);
                if (wire == null) {
                    return -1;
                }
                id = records.ownerId(wire);
            }
            lastSpanFrom = from;
            lastSpanTo = to;
            lastSpanId = id;
            return id;
        }

        /** The top-level keys: unknown ones, origin and default TTL; {@code false} when there is no origin. */
        private boolean readTop() {
            phase = TOP;
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!TOP_KEYS.contains(key)) {
                    error(pos.topKey(key), "unknown key " + Diagnostic.quote(key) + " (allowed: origin, ttl, soa, records, also-notify)");
                }
            }
            readOrigin();
            if (origin == null) {
                return false;
            }
            records = new ZoneBuilder(origin, expectedRecords);
            originWire = origin.toWire();
            if (root.has("ttl")) {
                defaultTtl = ttl(root.get("ttl"), pos.topKey("ttl"), "ttl");
            }
            return true;
        }

        /** The {@code [soa]} table, or {@code null} when the file has none. */
        private void readSoaTable(JsonNode soaNode) {
            phase = SOA;
            soaRead = true;
            if (soaNode == null) {
                error(1, "missing [soa] table (mname and rname are required)");
            } else if (!soaNode.isObject()) {
                error(pos.topKey("soa"), "'soa' must be a table");
            } else {
                managed = !soaNode.has("serial");
                soa = readSoa(soaNode);
            }
        }

        /** After the last record: also-notify, the zone-wide checks and the zone itself. */
        ZoneFile finish() {
            if (!soaRead) {
                readSoaTable(null);
            }
            phase = NOTIFY;
            readAlsoNotify();
            phase = ZONE;
            checkZone();
            boolean clean = diags.stream().flatMap(List::stream).noneMatch(Diagnostic::isError);
            Zone zone = null;
            if (clean && soa != null) {
                zone = records.build(soa);
            }
            return result(zone, managed);
        }

        private ZoneFile result(Zone zone, boolean managed) {
            List<Diagnostic> all = new ArrayList<>();
            diags.forEach(all::addAll);
            all.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return new ZoneFile(file, zone, List.copyOf(all),
                    records == null ? List.of() : records.sourcedRecords(), managed, alsoNotify);
        }

        /**
         * {@code also-notify = ["192.0.2.2", "127.0.0.1:5301", "[::1]:5301"]}: the secondaries told of each new
         * serial (RFC 1996 §3.3 "also-notify"). Addresses only, so loading never waits for a name lookup.
         */
        private void readAlsoNotify() {
            JsonNode list = root.get("also-notify");
            if (list == null) {
                return;
            }
            int line = pos.topKey("also-notify");
            if (!list.isArray()) {
                error(line, "'also-notify' must be an array of addresses such as [\"192.0.2.2\", \"[::1]:5301\"]");
                return;
            }
            List<InetSocketAddress> out = new ArrayList<>();
            for (JsonNode item : list) {
                InetSocketAddress a = item.isTextual() ? NotifyTarget.parse(item.asText()) : null;
                if (a == null) {
                    error(line, "also-notify: " + Diagnostic.quote(item.isTextual() ? item.asText() : item.toString()) + " is not an IP address with an "
                            + "optional port (192.0.2.2, 192.0.2.2:5301, [2001:db8::2]:5301)");
                    continue;
                }
                out.add(a);
            }
            alsoNotify = List.copyOf(out);
        }

        private void readOrigin() {
            JsonNode o = root.get("origin");
            String text;
            int line;
            if (o == null) {
                text = originFromFileName(file);
                line = 0;
            } else if (!o.isTextual()) {
                error(pos.topKey("origin"), "'origin' must be a string such as \"example.net.\"");
                return;
            } else {
                text = o.asText();
                line = pos.topKey("origin");
            }
            try {
                origin = Name.fromString(text.endsWith(".") ? text : text + ".");
            } catch (TextParseException e) {
                error(line, "bad origin " + Diagnostic.quote(text) + ": " + why(e));
            }
        }

        private SOARecord readSoa(JsonNode soa) {
            for (Iterator<String> it = soa.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!SOA_KEYS.contains(key)) {
                    error(pos.soaKey(key), "unknown key " + Diagnostic.quote(key) + " in [soa] (allowed: " + String.join(", ",
                            List.of("mname", "rname", "serial", "refresh", "retry", "expire", "minimum", "ttl"))
                            + ")");
                }
            }
            Name mname = soaName(soa, "mname", false);
            Name rname = soaName(soa, "rname", true);
            long serial = soa.has("serial") ? u32(soa.get("serial"), pos.soaKey("serial"), "soa.serial")
                    : initialManagedSerial();
            long refresh = soaNumber(soa, "refresh", 3600);
            long retry = soaNumber(soa, "retry", 900);
            long expire = soaNumber(soa, "expire", 1209600);
            long minimum = soaNumber(soa, "minimum", 300);
            long ttl = soa.has("ttl") ? ttl(soa.get("ttl"), pos.soaKey("ttl"), "soa.ttl") : defaultTtl;
            if (mname == null || rname == null) {
                return null;
            }
            return new SOARecord(origin, DClass.IN, ttl, mname, rname, serial, refresh, retry, expire, minimum);
        }

        /** YYYYMMDD01 of today (UTC): what a managed serial starts from before any state says otherwise. */
        private static long initialManagedSerial() {
            LocalDate d = LocalDate.now(ZoneOffset.UTC);
            return (d.getYear() * 10000L + d.getMonthValue() * 100L + d.getDayOfMonth()) * 100 + 1;
        }

        private long soaNumber(JsonNode soa, String key, long dflt) {
            return soa.has(key) ? u32(soa.get(key), pos.soaKey(key), "soa." + key) : dflt;
        }

        private Name soaName(JsonNode soa, String key, boolean mailbox) {
            JsonNode v = soa.get(key);
            int line = pos.soaKey(key);
            if (v == null) {
                error(pos.soaLine() == 0 ? 1 : pos.soaLine(), "missing soa." + key + " (required)");
                return null;
            }
            if (!v.isTextual()) {
                error(line, "soa." + key + " must be a string");
                return null;
            }
            String text = v.asText();
            if (mailbox && text.contains("@")) {
                // RFC 1035 §8: the mailbox's local part becomes the first label; dots in it are escaped.
                int at = text.lastIndexOf('@');
                String domain = text.substring(at + 1);
                text = text.substring(0, at).replace(".", "\\.") + "." + (domain.endsWith(".") ? domain : domain + ".");
            }
            return name(text, line, "soa." + key);
        }

        private void readRecords() {
            JsonNode recs = root.get("records");
            if (recs == null) {
                return;
            }
            if (!recs.isArray()) {
                error(pos.topKey("records"), "'records' must be an array of tables ([[records]] or records = [ {...} ])");
                return;
            }
            phase = RECORDS;
            for (int i = 0; i < recs.size(); i++) {
                readRecord(i, recs.get(i), pos.record(i));
                // The tree of a read record is not needed again: let it go now rather than after the whole zone.
                ((ArrayNode) recs).set(i, NullNode.getInstance());
            }
        }

        /** Record number {@code index} (from 0) of the file. */
        private void readRecord(int index, JsonNode r, SourcePositions.RecordPos rp) {
            if (!r.isObject()) {
                error(rp.line(), "record " + (index + 1) + " must be a table with name, type and data");
                return;
            }
            addRecord(r, rp);
        }

        /** Checks the record's keys and data and hands it to the builder; reports what is wrong instead. */
        private void addRecord(JsonNode r, SourcePositions.RecordPos rp) {
            JsonNode nameNode = r.get("name");
            JsonNode typeNode = r.get("type");
            JsonNode ttlNode = r.get("ttl");
            JsonNode data = r.get("data");
            JsonNode flags = r.get("flags");
            JsonNode tag = r.get("tag");
            JsonNode value = r.get("value");
            JsonNode text = r.get("text");
            int known = count(nameNode) + count(typeNode) + count(ttlNode) + count(data) + count(flags) + count(tag)
                    + count(value) + count(text);
            // Keys beyond the known ones are looked for only when there are some (no iterator per record).
            boolean ok = known == r.size() || !unknownKeys(r, rp);
            if (nameNode == null || !nameNode.isTextual()) {
                error(rp.lineOf("name"), "record needs 'name' as a string (\"@\" for the apex)");
                return;
            }
            if (typeNode == null || !typeNode.isTextual()) {
                error(rp.lineOf("type"), "record " + Diagnostic.quote(nameNode.asText()) + " needs 'type' as a string");
                return;
            }
            String nameText = nameNode.asText();
            // A name's records usually stand together: they share one owner instead of each making its own.
            if (!nameText.equals(lastOwnerText) && !newOwner(nameText, rp)) {
                return;
            }
            String typeText = typeNode.asText();
            int type = recordType(typeText);
            if (type < 0) {
                error(rp.lineOf("type"), "unknown record type " + Diagnostic.quote(typeText));
                return;
            }
            if (notData(type)) {
                error(rp.lineOf("type"), type == Type.SOA
                        ? "SOA is written in the [soa] table, not as a record"
                        : "type " + Type.string(type) + " cannot be a record in a zone");
                return;
            }
            long ttl = ttlNode != null ? ttl(ttlNode, rp.lineOf("ttl"), "ttl") : defaultTtl;
            if (!ok) {
                return;
            }
            boolean structuredCaa = flags != null || tag != null || value != null;
            boolean structuredTxt = text != null;
            if (data != null && (structuredCaa || structuredTxt)) {
                error(rp.lineOf("data"), where(ownerName(rp), type) + ": 'data' cannot be mixed with "
                        + (structuredCaa ? "flags/tag/value" : "text"));
                return;
            }
            if (structuredCaa && structuredTxt) {
                error(rp.lineOf("text"), where(ownerName(rp), type) + ": 'text' cannot be mixed with flags/tag/value");
                return;
            }
            try {
                if (structuredCaa) {
                    if (type != Type.CAA) {
                        error(rp.lineOf("tag"), where(ownerName(rp), type) + ": flags/tag/value are only for CAA records");
                        return;
                    }
                    addRdata(type, ttl, StructuredRdata.caa(() -> ownerName(rp), r, rp, this::error), rp);
                    return;
                }
                if (structuredTxt) {
                    if (type != Type.TXT) {
                        error(rp.lineOf("text"), where(ownerName(rp), type) + ": 'text' is only for TXT records");
                        return;
                    }
                    addRdata(type, ttl, StructuredRdata.txt(text, rp.lineOf("text"), this::error), rp);
                    return;
                }
                if (data == null) {
                    error(rp.line(), where(ownerName(rp), type) + ": missing 'data'"
                            + (type == Type.CAA ? " (or flags/tag/value)" : type == Type.TXT ? " (or text)" : ""));
                    return;
                }
                if (!data.isTextual()) {
                    error(rp.lineOf("data"), where(ownerName(rp), type) + ": 'data' must be a string");
                    return;
                }
                String rdata = data.asText();
                byte[] address = CommonRdata.address(type, rdata);
                if (address != null) {
                    addRdata(type, ttl, address, rp);
                    return;
                }
                Name owner = ownerName(rp);
                Record plain = CommonRdata.parse(owner, type, ttl, rdata, origin);
                add(plain != null ? plain : Record.fromString(owner, type, DClass.IN, ttl, rdata, origin), rp);
            } catch (IOException | RuntimeException e) {
                // dnsjava's tokenizer prefixes "<none>:1: " (its own input position); the line is ours to give.
                error(rp.lineOf("data"), where(ownerName(rp), type) + ": bad data " + Diagnostic.quote(r.path("data").asText()) + ": " + why(e));
                return;
            }
        }

        private static int count(JsonNode node) {
            return node == null ? 0 : 1;
        }

        /** Reports the record's keys that are not record keys; {@code true} when there are any. */
        private boolean unknownKeys(JsonNode r, SourcePositions.RecordPos rp) {
            boolean any = false;
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!RECORD_KEYS.contains(key)) {
                    error(rp.lineOf(key), "unknown key " + Diagnostic.quote(key) + " in record (allowed: name, type, data, ttl; "
                            + "CAA: flags, tag, value; TXT: text)");
                    any = true;
                }
            }
            return any;
        }

        /**
         * The number of a record type as written; the types nearly every record has are known here, so a large
         * zone does not upper-case and look up a string per record (dnsjava's {@code Type.value}).
         */
        private static int recordType(String text) {
            switch (text) {
                case "A":
                    return Type.A;
                case "AAAA":
                    return Type.AAAA;
                case "TXT":
                    return Type.TXT;
                case "CAA":
                    return Type.CAA;
                case "CNAME":
                    return Type.CNAME;
                case "MX":
                    return Type.MX;
                case "NS":
                    return Type.NS;
                default:
                    return Type.value(text.trim(), true);
            }
        }

        /** Types that are not data ({@link #NOT_DATA}), without boxing the type. */
        private static boolean notData(int type) {
            return type != Type.A && type != Type.AAAA && type != Type.TXT && type != Type.CAA && NOT_DATA.contains(type);
        }

        /**
         * Takes {@code text} as the owner of this record and of those after it with the same text; {@code false}
         * (reported) when it is no name of this zone. A plain relative name ({@link PlainName}) gets its id from
         * its wire form and no {@code Name}, unless a record needs one ({@link #ownerName}).
         */
        private boolean newOwner(String text, SourcePositions.RecordPos rp) {
            byte[] wire = text.equals("@") ? null : PlainName.toWire(text, originWire);
            if (wire != null) {
                lastOwnerText = text;
                lastOwner = null;
                lastOwnerId = records.ownerId(wire);
                return true;
            }
            Name owner = text.equals("@") ? origin : name(text, rp.lineOf("name"), "name");
            if (owner == null) {
                return false;
            }
            if (!owner.subdomain(origin)) {
                error(rp.lineOf("name"), "out-of-zone name " + Diagnostic.quote(owner.toString()) + ": not at or below " + origin);
                return false;
            }
            lastOwnerText = text;
            lastOwner = owner;
            lastOwnerId = -1;
            return true;
        }

        /** The current owner as a {@code Name}, made from its text on first need (a plain name cannot fail). */
        private Name ownerName(SourcePositions.RecordPos rp) {
            if (lastOwner == null) {
                lastOwner = name(lastOwnerText, rp.lineOf("name"), "name");
            }
            return lastOwner;
        }

        private void add(Record r, SourcePositions.RecordPos rp) {
            if (r != null) {
                records.add(r, rp.line());
            }
        }

        /**
         * Most records of a large zone (addresses, TXT, CAA): their RDATA goes to the builder as is, under the current
         * owner's id when it has one, no record object made; {@code null} (already reported) adds nothing.
         */
        private void addRdata(int type, long ttl, byte[] rdata, SourcePositions.RecordPos rp) {
            if (rdata == null) {
                return;
            }
            if (lastOwnerId >= 0) {
                records.add(lastOwnerId, type, ttl, rdata, rp.line());
            } else {
                records.add(lastOwner, type, ttl, rdata, rp.line());
            }
        }

        /**
         * Zone-wide rules: CNAME exclusivity, one TTL per RRset, occluded data, apex NS. Run over the builder's
         * grouping by name and type, so no per-name map or list of records is made; a name is made only for a
         * message.
         */
        private void checkZone() {
            if (records == null) {
                return;
            }
            ZoneCheck check = new ZoneCheck();
            records.forEachRRset(check);
            check.endName();
            if (!check.apexNs) {
                warning(pos.soaLine() == 0 ? 1 : pos.soaLine(),
                        "no NS records at the apex " + origin + ": resolvers cannot find this zone's servers");
            }
        }

        /** Collects one name's RRsets as the builder hands them over, and checks the name when the next begins. */
        private final class ZoneCheck implements ZoneBuilder.RRsetVisitor {
            private int id = -1;
            private int[] order;
            /**
             * Per RRset of the current name: type, from, to, back to back; reused from name to name (a million names
             * made a million small arrays and streams here).
             */
            private int[] sets = new int[12];
            private int count;
            boolean apexNs;

            @Override
            public void rrset(int id, int type, int[] order, int from, int to) {
                if (id != this.id) {
                    endName();
                    this.id = id;
                }
                this.order = order;
                if (3 * count + 3 > sets.length) {
                    sets = java.util.Arrays.copyOf(sets, sets.length * 2);
                }
                sets[3 * count] = type;
                sets[3 * count + 1] = from;
                sets[3 * count + 2] = to;
                count++;
            }

            void endName() {
                if (count > 0) {
                    checkName(id, order, sets, count);
                    if (records.isApex(id) && indexOf(sets, count, Type.NS) >= 0) {
                        apexNs = true;
                    }
                }
                count = 0;
            }
        }

        /** The index of the RRset of {@code type} among {@code count} (type, from, to) triples, or -1. */
        private static int indexOf(int[] sets, int count, int type) {
            for (int k = 0; k < count; k++) {
                if (sets[3 * k] == type) {
                    return k;
                }
            }
            return -1;
        }

        private void checkName(int id, int[] order, int[] sets, int count) {
            int cname = indexOf(sets, count, Type.CNAME);
            if (cname >= 0) {
                int from = sets[3 * cname + 1];
                int to = sets[3 * cname + 2];
                Name name = records.name(id);
                if (records.isApex(id)) {
                    error(records.line(order[from]), "CNAME at the zone apex " + name
                            + " is not allowed: the apex has SOA and NS (RFC 1034 §3.6.2)");
                } else if (!otherTypes(sets, count).isEmpty()) {
                    error(records.line(order[from]), "CNAME at " + name + " beside other data ("
                            + otherTypes(sets, count) + "): a CNAME must be alone at its name (RFC 1034 §3.6.2)");
                }
                if (to - from > 1) {
                    error(records.line(order[from + 1]), "more than one CNAME at " + name + " (RFC 2181 §10.1)");
                }
            }
            checkDname(id, order, sets, count);
            for (int k = 0; k < count; k++) {
                checkTtls(id, sets[3 * k], order, sets[3 * k + 1], sets[3 * k + 2]);
                checkAnswerSize(id, sets[3 * k], order, sets[3 * k + 1], sets[3 * k + 2]);
            }
            if (!records.isOccluded(id)) {
                return;
            }
            for (int k = 0; k < count; k++) {
                int type = sets[3 * k];
                if (type == Type.A || type == Type.AAAA) {
                    continue;
                }
                for (Name cut : records.cutsAbove(id)) {
                    warning(records.line(order[sets[3 * k + 1]]), Type.string(type) + " at " + records.name(id)
                            + " is below the delegation " + cut + " and will not be served (only glue A/AAAA is)");
                }
            }
        }

        /**
         * RFC 6672 §2.4: one DNAME per name; data below a DNAME owner is never served.
         */
        private void checkDname(int id, int[] order, int[] sets, int count) {
            int dname = indexOf(sets, count, Type.DNAME);
            if (dname >= 0) {
                int from = sets[3 * dname + 1];
                // DNAME beside a CNAME is reported by the CNAME rule ("a CNAME must be alone at its name").
                if (sets[3 * dname + 2] - from > 1) {
                    error(records.line(order[from + 1]), "more than one DNAME at " + records.name(id)
                            + " (RFC 6672 §2.4)");
                }
            }
            if (!records.isBelowDname(id)) {
                return;
            }
            Name owner = records.dnameAbove(id);
            for (int k = 0; k < count; k++) {
                warning(records.line(order[sets[3 * k + 1]]), Type.string(sets[3 * k]) + " at " + records.name(id)
                        + " is below the DNAME at " + owner + " and will not be served: queries there are redirected "
                        + "(RFC 6672 §2.4)");
            }
        }

        /**
         * The types beside a CNAME that break RFC 1034 §3.6.2: all but the CNAME's own DNSSEC records, since a signed
         * zone has RRSIG and NSEC at every CNAME owner (RFC 4035 §2.5, RFC 2181 §10.1).
         */
        private static String otherTypes(int[] sets, int count) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int type = sets[3 * k];
                if (type != Type.CNAME && type != Type.RRSIG && type != Type.NSEC) {
                    out.add(Type.string(type));
                }
            }
            return String.join(", ", out);
        }

        /**
         * RFC 1035 §4.2.2: a DNS message is at most 65,535 octets, over TCP too, and an answer holds the header, the
         * question and the whole RRset (RFC 2181 §9: an RRset is never split). An RRset whose smallest answer is
         * longer can never be given to anyone: an error, the zone is not served. One that fits only without the
         * 11-octet OPT record (RFC 6891 §6.1.2) cannot be answered to EDNS queries, which most resolvers send.
         */
        private void checkAnswerSize(int id, int type, int[] order, int from, int to) {
            int size = records.smallestAnswer(id, order, from, to);
            if (size <= Limits.TCP_MAX - OPT_SIZE) {
                return;
            }
            String what = "RRset " + records.name(id) + " " + Type.string(type) + " (" + (to - from) + " record"
                    + (to - from == 1 ? "" : "s") + ")";
            if (size > Limits.TCP_MAX) {
                error(records.line(order[from]), what + " needs " + size + " octets in the smallest answer "
                        + "(header, question and every record, names compressed), over the " + Limits.TCP_MAX
                        + " a DNS message can hold even over TCP (RFC 1035 §4.2.2): no query for it could ever be "
                        + "answered; spread the records over several names or remove some");
            } else {
                warning(records.line(order[from]), what + " needs " + size + " octets in the smallest answer: "
                        + "with the " + OPT_SIZE + "-octet OPT record of an EDNS query that is over the "
                        + Limits.TCP_MAX + " a DNS message can hold (RFC 1035 §4.2.2, RFC 6891 §6.1.2), so only "
                        + "queries without EDNS get it");
            }
        }

        /** An OPT record without options: root name, type, class, TTL, RDLENGTH (RFC 6891 §6.1.2). */
        private static final int OPT_SIZE = 11;

        /** RFC 2181 §5.2: TTLs within an RRset must match; the lowest wins (zone-format.md). */
        private void checkTtls(int id, int type, int[] order, int from, int to) {
            if (type == Type.RRSIG) {
                // RFC 4034 §3, RFC 4035 §2.2: each RRSIG carries the TTL of the RRset it covers, so the RRSIGs at a
                // name differ by design; evening them out would make them differ from what the signer serves.
                return;
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = from; i < to; i++) {
                min = Math.min(min, records.ttl(order[i]));
                max = Math.max(max, records.ttl(order[i]));
            }
            if (min == max) {
                return;
            }
            warning(records.line(order[from]), "TTLs differ within the RRset " + records.name(id)
                    + " " + Type.string(type) + " (" + min + ".." + max + "): all get " + min + " (RFC 2181 §5.2)");
            for (int i = from; i < to; i++) {
                records.setTtl(order[i], min);
            }
        }

        /**
         * How a record's messages name it; made only for a message, since printing a name for every record of a
         * large zone was a tenth of the read.
         */
        private static String where(Name owner, int type) {
            return "record " + owner + " " + Type.string(type);
        }

        /**
         * dnsjava's reason for refusing a value, for a message: without the position its tokenizer prefixes
         * ({@code <none>:1: }, its own input; the line is ours to give), cut short, and never the text of an
         * exception that was not meant for a user.
         */
        private static String why(Exception e) {
            String why = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^<none>:\\d+: ", "");
            if (why.isBlank() || e instanceof NullPointerException || e instanceof ClassCastException
                    || e instanceof IndexOutOfBoundsException || why.contains("java.") || why.contains("Exception")
                    || why.contains("because \"")) {
                return "not valid data for this type";
            }
            return Diagnostic.printable(why, 160);
        }

        private Name name(String text, int line, String what) {
            try {
                return Name.fromString(text, origin);
            } catch (TextParseException e) {
                error(line, "bad " + what + " " + Diagnostic.quote(text) + ": " + why(e));
                return null;
            }
        }

        private long ttl(JsonNode v, int line, String what) {
            if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > MAX_TTL) {
                error(line, what + " must be a whole number of seconds from 0 to " + MAX_TTL + " (RFC 2181 §8), not "
                        + Diagnostic.quote(v.toString()));
                return DEFAULT_TTL;
            }
            return v.asLong();
        }

        private long u32(JsonNode v, int line, String what) {
            if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 0xffffffffL) {
                error(line, what + " must be a whole number from 0 to 4294967295, not " + v);
                return 0;
            }
            return v.asLong();
        }

        void error(int line, String message) {
            diags.get(phase).add(Diagnostic.error(file, line, message));
        }

        private void warning(int line, String message) {
            diags.get(phase).add(Diagnostic.warning(file, line, message));
        }
    }
}
