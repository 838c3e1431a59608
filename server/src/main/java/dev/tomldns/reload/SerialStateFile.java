package dev.tomldns.reload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tomldns.state.StateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The managed-serial state: the last serial served for each zone and a digest of its content ({@link ContentHash}),
 * so a managed serial survives restarts and only rises when the content changed. Kept in the server's
 * {@link StateDirectory} as {@code state.toml}, or as the hidden {@code .tomldns-state.toml} when the zones folder
 * is the state directory. A state directory of its own also reads {@code .tomldns-state.toml} in the zones folder,
 * where earlier set-ups kept it: per zone the higher serial wins (RFC 1982), and the merge is written to the state
 * directory at the next save. Written whole by rename, so a crash leaves the old or the new state.
 *
 * <pre>
 * ["example.org."]
 * serial = 2026112803
 * hash = "9f86d0..."
 * </pre>
 */
public final class SerialStateFile {
    /** The file's name in the zones folder (hidden, so never read as a zone). */
    public static final String NAME = ".tomldns-state.toml";
    /** The name within the state directory. */
    static final String STATE_NAME = "state.toml";
    private static final Logger log = LoggerFactory.getLogger(SerialStateFile.class);

    /** What was last served for one zone. */
    public record Entry(long serial, String hash) {
    }

    private final StateDirectory state;
    private final Path file;
    /** The zones folder's file, read too when the state directory is another folder; else {@code null}. */
    private final Path legacy;
    private boolean migrated;

    /** The state in the zones folder. */
    public SerialStateFile(Path zonesDir) {
        this(StateDirectory.inZonesFolder(zonesDir), zonesDir);
    }

    public SerialStateFile(StateDirectory state, Path zonesDir) {
        this.state = state;
        this.file = state.file(STATE_NAME);
        Path old = zonesDir.resolve(NAME);
        this.legacy = old.equals(file) ? null : old;
    }

    public Path path() {
        return file;
    }

    /** Whether {@link #load()} took entries from the zones folder's file that the state directory lacks. */
    public boolean migrated() {
        return migrated;
    }

    /**
     * The recorded entries; empty when there is no file yet. A damaged file is logged and treated as empty. With a
     * state directory of its own, the zones folder's file is merged in (the higher serial of a zone wins).
     */
    public Map<Name, Entry> load() {
        Map<Name, Entry> out = read(file);
        if (legacy != null && Files.exists(legacy)) {
            Map<Name, Entry> old = read(legacy);
            for (var e : old.entrySet()) {
                Entry have = out.get(e.getKey());
                if (have == null || SerialArithmetic.greater(e.getValue().serial(), have.serial())) {
                    out.put(e.getKey(), e.getValue());
                    migrated = true;
                }
            }
            if (migrated) {
                log.info("{}: managed serials read; from now on they are kept in {} (the old file can be deleted)",
                        legacy, file);
            }
        }
        return out;
    }

    private static Map<Name, Entry> read(Path file) {
        Map<Name, Entry> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonNode root = new TomlMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.path("serial").isIntegralNumber() || !v.path("hash").isTextual()) {
                    log.warn("{}: entry '{}' lacks serial or hash; ignored", file, e.getKey());
                    continue;
                }
                out.put(Name.fromString(e.getKey()), new Entry(v.get("serial").asLong(), v.get("hash").asText()));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot read the serial state ({}); managed serials restart from today's date", file,
                    e.getMessage());
        }
        return out;
    }

    /** Replaces the file with these entries. */
    public void save(Map<Name, Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# tomldns: last SOA serial and content digest per zone (managed serials). Kept by the server.\n");
        for (Map.Entry<Name, Entry> e : new TreeMap<>(entries).entrySet()) {
            String key = e.getKey().toString().replace("\\", "\\\\").replace("\"", "\\\"");
            b.append("\n[\"").append(key).append("\"]\n")
                    .append("serial = ").append(e.getValue().serial()).append('\n')
                    .append("hash = \"").append(e.getValue().hash()).append("\"\n");
        }
        state.write(STATE_NAME, b);
    }
}
