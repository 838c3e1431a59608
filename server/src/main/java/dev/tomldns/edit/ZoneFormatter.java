package dev.tomldns.edit;

import dev.tomldns.edit.TomlSyntax.Arr;
import dev.tomldns.edit.TomlSyntax.Blank;
import dev.tomldns.edit.TomlSyntax.Comment;
import dev.tomldns.edit.TomlSyntax.Element;
import dev.tomldns.edit.TomlSyntax.Header;
import dev.tomldns.edit.TomlSyntax.Int;
import dev.tomldns.edit.TomlSyntax.Item;
import dev.tomldns.edit.TomlSyntax.KeyValue;
import dev.tomldns.edit.TomlSyntax.Raw;
import dev.tomldns.edit.TomlSyntax.Str;
import dev.tomldns.edit.TomlSyntax.Table;
import dev.tomldns.edit.TomlSyntax.Value;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The canonical layout of a TOML zone file ({@code tomldns fmt}). Records stay in the order written (a diff shows
 * what was edited, not what moved) and so do comments and blank-line groups; what is made uniform:
 * <ul>
 *   <li>keys within a group (lines not parted by a blank line) in one order: {@code origin, ttl, also-notify,
 *       records}; in {@code [soa]} {@code mname, rname, serial, refresh, retry, expire, minimum, ttl}; in a record
 *       {@code name, type}, then {@code data} or {@code flags, tag, value} or {@code text}, then {@code ttl} (as
 *       zone-format.md writes them); a comment above a key moves with it;</li>
 *   <li>one blank line before each table header, none at the start or end, never two in a row;</li>
 *   <li>{@code key = value} with single spaces, two spaces before a comment that ends a line;</li>
 *   <li>strings as {@link TomlText#string} spells them, integers in decimal;</li>
 *   <li>an array of tables, or one written over several lines or holding comments, one element per line indented
 *       by two spaces with a comma after each; others on one line; inline tables as {@code { k = v, k = v }}.</li>
 * </ul>
 * The result is read back by the server's reader before it is used: it must serve exactly what the file served.
 */
public final class ZoneFormatter {
    private static final List<String> TOP_ORDER = List.of("origin", "ttl", "also-notify", "records");
    private static final List<String> SOA_ORDER =
            List.of("mname", "rname", "serial", "refresh", "retry", "expire", "minimum", "ttl");
    private static final List<String> RECORD_ORDER =
            List.of("name", "type", "data", "flags", "tag", "value", "text", "ttl");

    private ZoneFormatter() {
    }

    /**
     * The formatted text of {@code file}.
     *
     * @throws ImportException when the file cannot be read as TOML (the reader's message, with line and column), or
     *                         when the layout would change what the file serves (a defect: nothing is written)
     */
    public static String format(Path file, String text) throws ImportException {
        List<Item> items;
        try {
            items = TomlSyntax.parse(text);
        } catch (TomlSyntax.SyntaxError e) {
            ZoneFile read = new ZoneFileReader().parse(file, text);
            String why = read.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                    .findFirst().orElse(file + ":" + e.getMessage());
            throw new ImportException(why);
        }
        String out = layout(items);
        sameZone(file, text, out);
        return out;
    }

    /** Refuses a layout that would serve anything else than the original (RRsets, or the problems check reports). */
    private static void sameZone(Path file, String before, String after) throws ImportException {
        ZoneFileReader reader = new ZoneFileReader();
        ZoneFile a = reader.parse(file, before);
        ZoneFile b = reader.parse(file, after);
        boolean same = a.ok() == b.ok() && a.managedSerial() == b.managedSerial()
                && a.alsoNotify().equals(b.alsoNotify());
        if (same && a.ok()) {
            same = RrsetComparison.same(a.zone().records(), b.zone().records());
        } else if (same) {
            same = messages(a).equals(messages(b))
                    && RrsetComparison.same(records(a), records(b));
        }
        if (!same) {
            throw new ImportException(file + ": formatting would change what the file serves; left as it is");
        }
    }

    private static List<String> messages(ZoneFile z) {
        return z.diagnostics().stream().map(d -> d.severity() + " " + d.message()).sorted().toList();
    }

    private static List<org.xbill.DNS.Record> records(ZoneFile z) {
        return z.records().stream().map(dev.tomldns.zone.SourcedRecord::record).toList();
    }

    static String layout(List<Item> items) {
        StringBuilder out = new StringBuilder();
        List<String> table = List.of(); // the table the lines belong to
        boolean recordTable = false;
        int at = 0;
        boolean afterHeader = false;
        while (at < items.size()) {
            Item item = items.get(at);
            if (item instanceof Blank) {
                at++;
                // kept as a group separator, except at the start and right after a header
                if (out.length() > 0 && !afterHeader && at < items.size() && !endsWithBlank(out)) {
                    out.append('\n');
                }
                continue;
            }
            // A group: comments, then a header, or a run of keys (each with the comments right above it).
            int end = at;
            while (end < items.size() && items.get(end) instanceof Comment) {
                end++;
            }
            if (end < items.size() && items.get(end) instanceof Header h) {
                if (out.length() > 0 && !endsWithBlank(out)) {
                    out.append('\n');
                }
                for (int k = at; k < end; k++) {
                    comment(out, "", (Comment) items.get(k));
                }
                out.append(h.array() ? "[[" : "[").append(key(h.key())).append(h.array() ? "]]" : "]");
                trailing(out, h.comment());
                table = h.key();
                recordTable = h.array() && table.equals(List.of("records"));
                afterHeader = true;
                at = end + 1;
                continue;
            }
            if (end >= items.size() || items.get(end) instanceof Blank) {
                for (int k = at; k < end; k++) {
                    comment(out, "", (Comment) items.get(k)); // comments on their own, between blank lines
                }
                at = end;
                afterHeader = false;
                continue;
            }
            // A run of keys up to the next blank line, header or free-standing comment block.
            List<List<Item>> run = new ArrayList<>();
            int k = at;
            while (k < items.size()) {
                int c = k;
                while (c < items.size() && items.get(c) instanceof Comment) {
                    c++;
                }
                if (c >= items.size() || !(items.get(c) instanceof KeyValue)) {
                    break;
                }
                run.add(new ArrayList<>(items.subList(k, c + 1)));
                k = c + 1;
            }
            List<String> order = table.isEmpty() ? TOP_ORDER : table.equals(List.of("soa")) ? SOA_ORDER
                    : recordTable ? RECORD_ORDER : List.of();
            run.sort((x, y) -> Integer.compare(rank(order, (KeyValue) x.get(x.size() - 1)),
                    rank(order, (KeyValue) y.get(y.size() - 1))));
            for (List<Item> entry : run) {
                for (Item c : entry.subList(0, entry.size() - 1)) {
                    comment(out, "", (Comment) c);
                }
                KeyValue kv = (KeyValue) entry.get(entry.size() - 1);
                out.append(key(kv.key())).append(" = ");
                value(out, kv.value(), "", kv.key().equals(List.of("records")) && table.isEmpty());
                trailing(out, kv.comment());
            }
            at = k;
            afterHeader = false;
        }
        while (endsWithBlank(out) && out.length() > 1) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static boolean endsWithBlank(StringBuilder out) {
        return out.length() >= 2 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n';
    }

    /** A key's place in its table's order; keys not in it keep their place after those that are. */
    private static int rank(List<String> order, KeyValue kv) {
        int r = kv.key().size() == 1 ? order.indexOf(kv.key().get(0)) : -1;
        return r < 0 ? order.size() : r;
    }

    private static void comment(StringBuilder out, String indent, Comment c) {
        out.append(indent).append('#').append(c.text()).append('\n');
    }

    private static void trailing(StringBuilder out, String comment) {
        if (comment != null) {
            out.append("  #").append(comment);
        }
        out.append('\n');
    }

    private static String key(List<String> parts) {
        return parts.stream().map(TomlText::key).collect(Collectors.joining("."));
    }

    /** A value; {@code records} says whether inline tables in it are records (their keys in record order). */
    private static void value(StringBuilder out, Value v, String indent, boolean records) {
        if (v instanceof Str s) {
            out.append(TomlText.string(s.text()));
        } else if (v instanceof Int n) {
            out.append(n.value());
        } else if (v instanceof Raw r) {
            out.append(r.text());
        } else if (v instanceof Table t) {
            inlineTable(out, t, records);
        } else if (v instanceof Arr a) {
            boolean tables = a.values().stream().anyMatch(e -> e instanceof Table);
            boolean comments = a.items().stream().anyMatch(e -> e instanceof Comment
                    || (e instanceof Element el && el.comment() != null));
            if (!a.multiline() && !tables && !comments) {
                out.append('[');
                List<Value> values = a.values();
                for (int i = 0; i < values.size(); i++) {
                    out.append(i == 0 ? "" : ", ");
                    value(out, values.get(i), indent, false);
                }
                out.append(']');
                return;
            }
            if (a.items().isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            String inner = indent + "  ";
            List<Item> items = a.items();
            for (int i = 0; i < items.size(); i++) {
                Item e = items.get(i);
                if (e instanceof Blank) {
                    if (i > 0 && i < items.size() - 1 && !endsWithBlank(out)) {
                        out.append('\n');
                    }
                } else if (e instanceof Comment c) {
                    comment(out, inner, c);
                } else if (e instanceof Element el) {
                    out.append(inner);
                    value(out, el.value(), inner, records);
                    out.append(',');
                    trailing(out, el.comment());
                }
            }
            out.append(indent).append(']');
        }
    }

    private static void inlineTable(StringBuilder out, Table t, boolean record) {
        if (t.entries().isEmpty()) {
            out.append("{}");
            return;
        }
        List<KeyValue> entries = new ArrayList<>(t.entries());
        if (record) {
            entries.sort((x, y) -> Integer.compare(rank(RECORD_ORDER, x), rank(RECORD_ORDER, y)));
        }
        out.append("{ ");
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(key(entries.get(i).key())).append(" = ");
            value(out, entries.get(i).value(), "", false);
        }
        out.append(" }");
    }
}
