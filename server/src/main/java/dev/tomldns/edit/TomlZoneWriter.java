package dev.tomldns.edit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Writes a zone as TOML in the zone-format.md contract, in the layout {@code tomldns fmt} keeps: the heading
 * comments, {@code origin} and {@code ttl}, the {@code [soa]} table, then one {@code [[records]]} table per record,
 * grouped by owner name in the order names first appear, each preceded by the comments it had.
 *
 * <p>CAA and TXT are written in their structured forms when their octets are UTF-8 text (no control characters);
 * otherwise in {@code data}, in zone-file syntax with {@code \DDD} escapes exactly as {@code dig} prints them
 * (TOML strings hold Unicode text only, so octets that are not UTF-8 text cannot be a TOML string themselves).
 * A TXT whose character-strings are a text cut every 255 octets is written as that one text.
 */
public final class TomlZoneWriter {
    private TomlZoneWriter() {
    }

    public static String write(ZoneSource zone) {
        StringBuilder out = new StringBuilder();
        for (String c : zone.header()) {
            comment(out, c);
        }
        if (!zone.header().isEmpty()) {
            out.append('\n');
        }
        long ttl = commonTtl(zone.all());
        out.append("origin = ").append(TomlText.string(zone.origin().toString())).append('\n');
        out.append("ttl = ").append(ttl).append('\n');
        out.append('\n');
        for (String c : zone.comments().getOrDefault(ZoneSource.SOA, List.of())) {
            comment(out, c);
        }
        SOARecord soa = zone.soa();
        out.append("[soa]\n");
        out.append("mname = ").append(TomlText.string(soa.getHost().toString())).append('\n');
        out.append("rname = ").append(TomlText.string(soa.getAdmin().toString())).append('\n');
        out.append("serial = ").append(soa.getSerial()).append('\n');
        out.append("refresh = ").append(soa.getRefresh()).append('\n');
        out.append("retry = ").append(soa.getRetry()).append('\n');
        out.append("expire = ").append(soa.getExpire()).append('\n');
        out.append("minimum = ").append(soa.getMinimum()).append('\n');
        if (soa.getTTL() != ttl) {
            out.append("ttl = ").append(soa.getTTL()).append('\n');
        }
        for (int i : groupedByName(zone.records())) {
            Record r = zone.records().get(i);
            out.append('\n');
            for (String c : zone.comments().getOrDefault(i, List.of())) {
                comment(out, c);
            }
            out.append("[[records]]\n");
            out.append("name = ").append(TomlText.string(relative(r.getName(), zone.origin()))).append('\n');
            out.append("type = ").append(TomlText.string(Type.string(r.getType()))).append('\n');
            rdata(out, r);
            if (r.getTTL() != ttl) {
                out.append("ttl = ").append(r.getTTL()).append('\n');
            }
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String text) {
        out.append(text.isEmpty() ? "#" : "# " + text).append('\n');
    }

    /** The zone's {@code ttl}: the TTL most records have (the lowest of those tied), so few records need their own. */
    static long commonTtl(List<Record> records) {
        Map<Long, Integer> counts = new HashMap<>();
        for (Record r : records) {
            counts.merge(r.getTTL(), 1, Integer::sum);
        }
        long best = 3600;
        int most = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > most || (e.getValue() == most && e.getKey() < best)) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** Record indexes, grouped by owner name (names compare case-insensitively) in first-appearance order. */
    private static List<Integer> groupedByName(List<Record> records) {
        Map<Name, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            groups.computeIfAbsent(records.get(i).getName(), k -> new ArrayList<>()).add(i);
        }
        List<Integer> out = new ArrayList<>(records.size());
        groups.values().forEach(out::addAll);
        return out;
    }

    /** {@code @} for the apex, a relative name inside the zone, the absolute name (with its dot) outside it. */
    static String relative(Name name, Name origin) {
        if (name.equals(origin)) {
            return "@";
        }
        return name.subdomain(origin) ? name.relativize(origin).toString() : name.toString();
    }

    private static void rdata(StringBuilder out, Record r) {
        byte[] wire = r.rdataToWireCanonical(); // CAA and TXT hold no names: canonical form is the form
        if (r.getType() == Type.CAA && caa(out, wire)) {
            return;
        }
        if (r.getType() == Type.TXT && txt(out, wire)) {
            return;
        }
        if (r.getType() == Type.AAAA && wire.length == 16) {
            out.append("data = ").append(TomlText.string(ipv6(wire))).append('\n');
            return;
        }
        out.append("data = ").append(TomlText.string(r.rdataToString())).append('\n');
    }

    /** RFC 5952 §4: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    /** RFC 8659 §4.1: flags, tag length, tag, value; structured when tag and value are text. */
    private static boolean caa(StringBuilder out, byte[] w) {
        if (w.length < 2 || w[1] == 0 || 2 + (w[1] & 0xff) > w.length) {
            return false;
        }
        int tagEnd = 2 + (w[1] & 0xff);
        String tag = text(Arrays.copyOfRange(w, 2, tagEnd));
        String value = text(Arrays.copyOfRange(w, tagEnd, w.length));
        if (tag == null || value == null) {
            return false;
        }
        int flags = w[0] & 0xff;
        if (flags != 0) {
            out.append("flags = ").append(flags).append('\n');
        }
        out.append("tag = ").append(TomlText.string(tag)).append('\n');
        out.append("value = ").append(TomlText.string(value)).append('\n');
        return true;
    }

    /** RFC 1035 §3.3.14: one or more character-strings. */
    private static boolean txt(StringBuilder out, byte[] w) {
        List<byte[]> strings = new ArrayList<>();
        for (int at = 0; at < w.length; ) {
            int len = w[at] & 0xff;
            if (at + 1 + len > w.length) {
                return false;
            }
            strings.add(Arrays.copyOfRange(w, at + 1, at + 1 + len));
            at += 1 + len;
        }
        if (strings.isEmpty()) {
            return false;
        }
        // One text when cutting it every 255 octets gives these strings back (zone-format.md: how `text` is cut).
        boolean cut = true;
        for (int i = 0; i < strings.size(); i++) {
            int len = strings.get(i).length;
            boolean last = i == strings.size() - 1;
            cut &= last ? (len > 0 || strings.size() == 1) : len == 255;
        }
        if (cut) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            strings.forEach(joined::writeBytes);
            String one = text(joined.toByteArray());
            if (one != null) {
                out.append("text = ").append(TomlText.string(one)).append('\n');
                return true;
            }
        }
        List<String> texts = new ArrayList<>();
        for (byte[] s : strings) {
            String t = text(s);
            if (t == null) {
                // RFC 1035 §5.1: each character-string quoted, with \DDD for octets that are not printable ASCII
                List<String> quoted = new ArrayList<>();
                strings.forEach(octets -> quoted.add(quoted(octets)));
                out.append("data = ").append(TomlText.string(String.join(" ", quoted))).append('\n');
                return true;
            }
            texts.add(TomlText.string(t));
        }
        out.append("text = [").append(String.join(", ", texts)).append("]\n");
        return true;
    }

    /** A character-string in zone-file syntax as dig prints it: quoted, {@code \"} and {@code \\}, else {@code \DDD}. */
    static String quoted(byte[] octets) {
        StringBuilder b = new StringBuilder(octets.length + 2).append('"');
        for (byte o : octets) {
            int c = o & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append('\\').append(String.format("%03d", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    /** The octets as text when they are valid UTF-8 without control characters, else null. */
    static String text(byte[] octets) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                return null;
            }
        }
        return s;
    }
}
