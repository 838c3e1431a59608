package dev.tomldns.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What dynamic updates changed in one zone, kept by the server in its own plain-TOML file beside (never inside)
 * the user's zone file: for each RRset an update changed, the records it has now and the records the zone file had
 * when an update first changed it ({@code file}), plus the serial the latest update gave the zone.
 *
 * <p>At load the zone file is read as written and then each RRset here replaces the file's RRset of that name and
 * type, but only while the file still has the {@code file} records: a hand edit of that RRset made after the update
 * wins, and the entry is dropped. An RRset an update set back to what the file says needs no entry.
 *
 * <pre>
 * zone = "example.net."
 * serial = 2026120305
 *
 * [[rrset]]
 * name = "home.example.net."
 * type = "A"
 * file = [{ ttl = 300, data = "192.0.2.1" }]
 * records = [{ name = "home.example.net.", type = "A", ttl = 300, data = "198.51.100.7" }]
 * </pre>
 */
public final class DynamicRecords {
    /** One RRset an update changed: the zone file's version when it did ({@code file}), and the current one. */
    public record Change(RRsetKey key, List<Record> file, List<Record> now) {
        public Change {
            file = List.copyOf(file);
            now = List.copyOf(now);
        }
    }

    private final Name zone;
    private long serial;
    private final Map<RRsetKey, Change> changes = new LinkedHashMap<>();

    public DynamicRecords(Name zone, long serial) {
        this.zone = zone;
        this.serial = serial;
    }

    public Name zone() {
        return zone;
    }

    /** The serial the latest update gave the zone (0 when there was none). */
    public long serial() {
        return serial;
    }

    public void setSerial(long serial) {
        this.serial = serial;
    }

    public Collection<Change> changes() {
        return changes.values();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public Change get(RRsetKey key) {
        return changes.get(key);
    }

    /**
     * Records that {@code key} is now {@code now}, where the served version before was {@code before}: the first
     * change of an RRset remembers {@code before} as the zone file's version; a change back to it drops the entry.
     */
    public void record(RRsetKey key, List<Record> before, List<Record> now) {
        Change old = changes.get(key);
        List<Record> file = old != null ? old.file() : before;
        if (sameRRset(file, now)) {
            changes.remove(key);
        } else {
            changes.put(key, new Change(key, file, now));
        }
    }

    public void remove(RRsetKey key) {
        changes.remove(key);
    }

    /**
     * Whether two lists hold the same RRset: the same records (RFC 2136 §1.1: RDATA compared as on the wire, names in
     * it without regard to letter case) with the same TTL.
     */
    public static boolean sameRRset(List<Record> a, List<Record> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        if (a.get(0).getTTL() != b.get(0).getTTL()) {
            return false;
        }
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    /** The file of zone {@code zone} in folder {@code dir}: {@code example.net.toml}, odd characters %-escaped. */
    public static Path fileFor(Path dir, Name zone) {
        String text = zone.equals(Name.root) ? "root" : zone.toString(true).toLowerCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder();
        for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
            int ch = c & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.') {
                b.append((char) ch);
            } else {
                b.append('%').append(String.format("%02x", ch));
            }
        }
        return dir.resolve(b + ".toml");
    }

    /** Reads {@code file}; none there is an empty set. Throws IOException naming the file and the problem. */
    public static DynamicRecords read(Path file, Name zone) throws IOException {
        if (!Files.exists(file)) {
            return new DynamicRecords(zone, 0);
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not readable as TOML: " + e.getMessage());
        }
        DynamicRecords out = new DynamicRecords(zone, root.path("serial").asLong(0));
        JsonNode sets = root.path("rrset");
        for (int i = 0; i < sets.size(); i++) {
            JsonNode s = sets.get(i);
            String where = file + ": rrset[" + i + "]";
            try {
                Name name = Name.fromString(s.path("name").asText(), Name.root);
                int type = Type.value(s.path("type").asText());
                if (type < 0) {
                    throw new IOException(where + ": unknown type \"" + s.path("type").asText() + "\"");
                }
                RRsetKey key = new RRsetKey(name, type);
                out.changes.put(key, new Change(key, records(s.path("file"), name, type),
                        records(s.path("records"), name, type)));
            } catch (TextParseException | RuntimeException e) {
                throw new IOException(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<Record> records(JsonNode list, Name name, int type) throws IOException {
        List<Record> out = new ArrayList<>();
        for (JsonNode r : list) {
            out.add(Record.fromString(name, type, DClass.IN, r.path("ttl").asLong(), r.path("data").asText(),
                    Name.root));
        }
        return out;
    }

    /**
     * Writes the file durably: a temporary file forced to disk, renamed over the old one, and the folder forced
     * too, so that after a crash (or power loss) either the old or the new version is there, whole.
     */
    public void write(Path file) throws IOException {
        writeDurably(file, toToml());
    }

    /** Writes {@code text} to {@code file} as {@link #write} does: whole, forced, renamed, the folder forced. */
    static void writeDurably(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // The rename is durable once the folder's entry is on disk (Linux: fsync of the directory).
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for this; the rename itself still happened.
        }
    }

    /** The file's text: plain TOML, each record in the form a zone file's {@code records} entries take. */
    public String toToml() {
        StringBuilder b = new StringBuilder();
        b.append("# Kept by tomldns: what dynamic updates (RFC 2136) changed in zone ").append(zone).append('\n');
        b.append("# Each [[rrset]] replaces the zone file's records of that name and type while the zone file still\n");
        b.append("# has the `file` records; edit the zone file, not this file (see README, Dynamic update).\n");
        b.append("zone = ").append(quote(zone.toString())).append('\n');
        b.append("serial = ").append(serial).append('\n');
        for (Change c : changes.values()) {
            b.append("\n[[rrset]]\n");
            b.append("name = ").append(quote(c.key().name().toString())).append('\n');
            b.append("type = ").append(quote(Type.string(c.key().type()))).append('\n');
            b.append("file = [");
            appendRecords(b, c.file(), false);
            b.append("]\nrecords = [");
            appendRecords(b, c.now(), true);
            b.append("]\n");
        }
        return b.toString();
    }

    private static void appendRecords(StringBuilder b, List<Record> records, boolean named) {
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            b.append(i == 0 ? "\n  " : "  ").append("{ ");
            if (named) {
                b.append("name = ").append(quote(r.getName().toString())).append(", type = ")
                        .append(quote(Type.string(r.getType()))).append(", ");
            }
            b.append("ttl = ").append(r.getTTL()).append(", data = ").append(quote(r.rdataToString())).append(" },\n");
        }
    }

    /** A TOML basic string (TOML 1.0: backslash, quote and control characters escaped). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The set of RRsets here, for callers that need to know which names and types updates own. */
    public Set<RRsetKey> keys() {
        return changes.keySet();
    }
}
