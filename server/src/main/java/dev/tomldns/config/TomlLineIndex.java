package dev.tomldns.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps dotted TOML key paths ({@code zone[1].allow-transfer}) to the line where they are written.
 *
 * <p>jackson-dataformat-toml parses into a tree and drops locations, so error messages find their
 * line here: table headers and {@code key =} lines are indexed; a path that is not indexed falls back
 * to its longest indexed prefix (an inline table reports the line of the key that holds it).
 */
final class TomlLineIndex {
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?$");
    private static final Pattern ARRAY_TABLE = Pattern.compile("^\\s*\\[\\[\\s*([^\\[\\]]+?)\\s*]]\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\")(?:\\s*\\.\\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"))*)\\s*=");

    /** Longer lines are not matched: a regex over a megabyte of dotted key could exhaust the stack. */
    private static final int MAX_INDEXED_LINE = 4096;

    private final Map<String, Integer> lines = new HashMap<>();

    TomlLineIndex(List<String> text) {
        Map<String, Integer> arrayCounts = new HashMap<>();
        String table = "";
        for (int i = 0; i < text.size(); i++) {
            int line = i + 1;
            String s = text.get(i);
            if (s.length() > MAX_INDEXED_LINE) {
                continue; // no key of a configuration is this long; the reader reports what is wrong with it
            }
            Matcher m;
            if ((m = ARRAY_TABLE.matcher(s)).matches()) {
                String name = normalize(m.group(1));
                int index = arrayCounts.merge(name, 1, Integer::sum) - 1;
                table = name + "[" + index + "]";
                lines.putIfAbsent(table, line);
            } else if ((m = TABLE.matcher(s)).matches()) {
                table = normalize(m.group(1));
                lines.putIfAbsent(table, line);
            } else if ((m = KEY.matcher(s)).find()) {
                String key = normalize(m.group(1));
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, line);
            }
        }
    }

    /** The line of {@code path}, or of its longest indexed prefix; 1 when nothing matches. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 1;
    }

    /** Key paths are stored with quoted segments unquoted, so {@code zone."a.b"} and lookups agree. */
    private static String normalize(String dotted) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\s*(\"[^\"]*\"|[A-Za-z0-9_-]+)\\s*(\\.|$)").matcher(dotted);
        while (m.find()) {
            String seg = m.group(1);
            if (seg.startsWith("\"")) {
                seg = seg.substring(1, seg.length() - 1);
            }
            out.append(out.length() == 0 ? "" : ".").append(seg);
        }
        return out.toString();
    }
}
