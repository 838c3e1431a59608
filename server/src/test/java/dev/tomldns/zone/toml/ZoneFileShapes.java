package dev.tomldns.zone.toml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated zone files in every shape the zone format allows, for comparing the two ways of reading them: both
 * record forms ({@code [[records]]} and inline tables), every structured form, comments everywhere, escapes, literal
 * strings, unicode, CRLF, underscores in integers, and good records mixed with broken ones (so that diagnostics and
 * their lines are compared too). Deterministic per seed.
 */
final class ZoneFileShapes {
    private final Random rnd;
    private final boolean inline;
    private final boolean crlf;
    /** Whether this file has only good content (a zone comes of it) or errors mixed in. */
    private final boolean clean;
    private final StringBuilder out = new StringBuilder();

    private ZoneFileShapes(long seed) {
        rnd = new Random(seed);
        inline = rnd.nextInt(3) == 0;
        crlf = rnd.nextInt(5) == 0;
        clean = rnd.nextBoolean();
    }

    /** One generated zone file (its origin is "gen.test." unless the file sets another). */
    static String zone(long seed, int records) {
        return new ZoneFileShapes(seed).build(records);
    }

    private String build(int count) {
        if (rnd.nextBoolean()) {
            line("# generated zone " + rnd.nextInt(1000) + " \u00e9t\u00e9 \ud83d\ude00");
            line("");
        }
        if (rnd.nextInt(4) != 0) {
            line((rnd.nextBoolean() ? "origin = \"gen.test.\"" : "origin\t=\t'gen.test'") + comment());
        }
        if (rnd.nextBoolean()) {
            line("ttl = " + pick(2, "3_600", "+86_400", "-1", "\"300\"", "2147483648") + comment());
        }
        if (!clean && rnd.nextInt(8) == 0) {
            line("colour = \"red\"");
        }
        if (rnd.nextInt(4) == 0) {
            alsoNotify();
        }
        List<String> recs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recs.add(record(i));
        }
        boolean soaFirst = rnd.nextInt(4) != 0;
        if (inline) {
            line("records = [" + comment());
            for (int i = 0; i < recs.size(); i++) {
                if (rnd.nextInt(6) == 0) {
                    line("  # a comment between records");
                }
                boolean last = i == recs.size() - 1;
                boolean two = !last && rnd.nextInt(5) == 0;
                String r = "  " + inlineTable(recs.get(i));
                if (two) {
                    r += ", " + inlineTable(recs.get(++i));
                    last = i == recs.size() - 1;
                }
                line(r + (last && rnd.nextBoolean() ? "" : ",") + comment());
            }
            line("]");
            soa();
        } else {
            if (soaFirst) {
                soa();
            }
            for (String r : recs) {
                line("");
                line("[[records]]" + comment());
                for (String kv : r.split("\u0001")) {
                    line(kv.replace("\u0002", crlf ? "\r\n" : "\n") + comment());
                }
            }
            if (!soaFirst) {
                line("");
                soa();
            }
        }
        return out.toString();
    }

    private void alsoNotify() {
        if (rnd.nextBoolean()) {
            String bad = !clean && rnd.nextBoolean() ? ", \"not an address\"" : "";
            line("also-notify = [\"127.0.0.1:5301\", '[::1]:5302'" + bad
                    + "]");
        } else {
            line("also-notify = [ # secondaries");
            line("  \"192.0.2.2\",");
            line("  # the lab one");
            line("  \"127.0.0.1:53\",");
            line("]");
        }
    }

    private void soa() {
        line("[soa]" + comment());
        List<String> keys = new ArrayList<>(List.of("mname = \"ns1.gen.test.\"",
                "rname = " + pick(2, "\"hostmaster.gen.test.\"", "'hostmaster@gen.test'", "\"bad..name\""),
                "refresh = 7_200", "retry = 3600", "expire = 1209600",
                "minimum = " + pick(1, "300", "-3", "4294967296")));
        if (rnd.nextBoolean()) {
            keys.add("serial = " + pick(3, "2026112801", "1", "4294967295", "4_294_967_296", "\"x\""));
        }
        if (rnd.nextInt(3) == 0) {
            keys.add("ttl = 60");
        }
        if (!clean && rnd.nextInt(10) == 0) {
            keys.add("weight = 3");
        }
        if (!clean && rnd.nextInt(10) == 0) {
            keys.remove(0);
        }
        java.util.Collections.shuffle(keys, rnd);
        for (String k : keys) {
            line(k + comment());
        }
    }

    /** A record's key-value pairs, separated by \u0001 (\u0002 inside an array that spans lines). */
    private String record(int i) {
        String name = pick(10, "\"@\"", "\"www\"", "\"WWW\"", "\"a-b_c.D\"", "'h" + i + "'", "\"h" + (i / 3) + "\"", "\"sub\"", "\"x.sub\"",
                "\"*.wild\"", "\"mail\"", "\"caf\u00e9\"", "\"out.example.org.\"", "\"bad..name\"");
        int kind = rnd.nextInt(clean ? 16 : 22);
        if (clean && kind == 5) {
            name = "\"cn" + i + "\""; // a CNAME alone at its name
        }
        List<String> kv = new ArrayList<>();
        kv.add("name = " + name);
        switch (kind) {
            case 0, 1, 2 -> kv.addAll(List.of("type = \"A\"", "data = \"192.0.2." + rnd.nextInt(256) + "\""));
            case 3 -> kv.addAll(List.of(pick("type = 'AAAA'", "type = \"AAAA\""), pick(
                    "data = '2001:db8::" + Integer.toHexString(i) + "'",
                    "data = \"2001:DB8::" + Integer.toHexString(i) + "\"",
                    "data = \"" + pick("2001:db8:::1", "::ffff:192.0.2.1", "192.0.2.1", "2001:db8::g") + "\"")));
            case 4 -> kv.addAll(List.of("type = \"NS\"", "data = \"ns" + rnd.nextInt(3) + ".gen.test.\""));
            case 5 -> kv.addAll(List.of("type = \"CNAME\"", "data = \"www\""));
            case 6 -> kv.addAll(List.of("type = \"MX\"", "data = \"10 mail\""));
            case 7 -> kv.addAll(List.of("type = \"TXT\"", "data = \"\\\"v=spf1 -all\\\" \\\"two\\\"\""));
            case 8 -> kv.addAll(List.of("type = \"TXT\"", "text = \"tab\\there \\\"quoted\\\" back\\\\slash "
                    + "\\u00e9\\U0001F600 caf\u00e9 \u4e2d\u6587 \\b\\f\\r\\n end\""));
            case 9 -> kv.addAll(List.of("type = \"TXT\"", "text = ['C:\\path', \"two\", '']"));
            case 10 -> kv.addAll(List.of("type = \"TXT\"", inline
                    ? "text = [\u0002    \"one\", # first\u0002    'two',\u0002  ]"
                    : "text = [\u0002  \"one\", # first\u0002\u0002  'two',\u0002]"));
            case 11 -> kv.addAll(List.of("type = \"TXT\"", "text = \"" + "k".repeat(300) + "\""));
            case 12 -> kv.addAll(List.of("type = \"CAA\"", "flags = " + pick(2, "0", "128", "300", "4294967301"),
                    "tag = \"issue\"", "value = \"ca.example; account=1\""));
            case 13 -> kv.addAll(List.of("type = \"CAA\"", "tag = \"iodef\"", "value = \"mailto:sec@gen.test\""));
            case 14 -> kv.addAll(List.of("type = \"CAA\"", "data = \"0 issue \\\"ca.example\\\"\""));
            case 15 -> kv.addAll(List.of("type = \"SRV\"", "data = \"0 5 5060 sip\""));
            case 16 -> kv.addAll(List.of("type = \"" + pick("AX", "SOA", "ANY", "TYPE65280") + "\"",
                    "data = \"\\\\# 0\""));
            case 17 -> kv.addAll(List.of("type = \"A\"",
                    "data = \"" + pick("192.0.2.300", "nope", " 192.0.2.9 ", "192.0.02.1", "1.2.3", "1.2.3.4.5",
                            "") + "\""));
            case 18 -> kv.addAll(List.of("type = \"A\"", "colour = \"red\"", "data = \"192.0.2.1\""));
            case 19 -> kv.addAll(List.of("type = \"TXT\"", "data = \"x\"", "text = \"y\""));
            case 20 -> kv.addAll(List.of("type = \"A\""));
            default -> kv.addAll(List.of("type = " + pick("5", "\"A\""), "data = " + pick("\"192.0.2.7\"", "7")));
        }
        if (rnd.nextInt(4) == 0) {
            kv.add("ttl = " + pick(4, "300", "60", "1_000", "+0", "-5", "\"300\"",
                    "2147483648", "123456789012345678"));
        }
        java.util.Collections.shuffle(kv, rnd);
        if (!clean && rnd.nextInt(40) == 0) {
            kv.clear(); // an empty record
        }
        return String.join("\u0001", kv);
    }

    /** The record's pairs as one inline table (its arrays may still span lines). */
    private String inlineTable(String pairs) {
        if (pairs.isEmpty()) {
            return "{}";
        }
        return "{ " + String.join(rnd.nextBoolean() ? ", " : ",", pairs.split("\u0001"))
                .replace("\u0002", crlf ? "\r\n" : "\n") + (rnd.nextBoolean() ? " }" : "}");
    }

    private String comment() {
        return switch (rnd.nextInt(8)) {
            case 0 -> " # note \u00fc";
            case 1 -> "\t#";
            case 2 -> "   ";
            default -> "";
        };
    }

    private String pick(String... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    /** One of {@code choices}; in a clean file one of the first {@code good}, which are the valid ones. */
    private String pick(int good, String... choices) {
        return choices[rnd.nextInt(clean ? good : choices.length)];
    }

    private void line(String s) {
        out.append(s).append(crlf ? "\r\n" : "\n");
    }
}
