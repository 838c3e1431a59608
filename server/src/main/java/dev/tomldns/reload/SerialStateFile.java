package dev.tomldns.reload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * {@code .tomldns-state.toml} in the zones folder: the last serial served for each zone and a digest of its content
 * ({@link ContentHash}), so a managed serial survives restarts and only rises when the content changed. Hidden
 * (leading dot), so it is never read as a zone. Written whole to a temporary file and renamed over the old one, so a
 * crash leaves the old or the new state, never half of one.
 *
 * <pre>
 * ["example.org."]
 * serial = 2026112803
 * hash = "9f86d0..."
 * </pre>
 */
public final class SerialStateFile {
    /** The file name, in the zones folder. */
    public static final String NAME = ".tomldns-state.toml";
    private static final Logger log = LoggerFactory.getLogger(SerialStateFile.class);

    /** What was last served for one zone. */
    public record Entry(long serial, String hash) {
    }

    private final Path file;

    public SerialStateFile(Path zonesDir) {
        this.file = zonesDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The recorded entries; empty when there is no file yet. A damaged file is logged and treated as empty. */
    public Map<Name, Entry> load() {
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
        Path tmp = file.resolveSibling(NAME + ".tmp");
        // Forced to disk before the rename: a dynamic update is acknowledged after this returns, and its serial
        // must not go back after a power loss either.
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(b.toString());
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
    }
}
