package dev.tomldns.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@code tag=value; tag=value} list as DKIM (RFC 6376 §3.2) defines it and DMARC (RFC 7489 §6.4), MTA-STS
 * (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) reuse: tags in order, whitespace around tags and values dropped.
 */
record TagList(List<Tag> tags, List<String> problems) {


    /** One tag and its value, with its position in the list (0 = first). */
    record Tag(String name, String value, int index) { }

    static TagList parse(String text) {
        List<Tag> tags = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i].strip();
            if (spec.isEmpty()) {
                // RFC 6376 §3.2: a trailing ";" is allowed; an empty spec in the middle is not.
                if (i != specs.length - 1 && i != 0) {
                    problems.add("empty tag between two ';'");
                } else if (i == 0 && specs.length > 1) {
                    problems.add("the list starts with ';'");
                }
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                problems.add("'" + Ascii.cut(spec) + "' is not tag=value");
                continue;
            }
            String name = spec.substring(0, eq).strip();
            if (!isTagName(name)) {
                problems.add("'" + Ascii.cut(name) + "' is not a valid tag name");
                continue;
            }
            tags.add(new Tag(name, spec.substring(eq + 1).strip(), tags.size()));
        }
        return new TagList(List.copyOf(tags), List.copyOf(problems));
    }

    Tag get(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    String value(String name) {
        Tag t = get(name);
        return t == null ? null : t.value();
    }

    /** Tag names that occur more than once (RFC 6376 §3.2: "Tags with duplicate names MUST NOT occur"). */
    List<String> duplicates() {
        Set<String> seen = new HashSet<>();
        Set<String> dup = new java.util.LinkedHashSet<>();
        for (Tag t : tags) {
            if (!seen.add(t.name())) {
                dup.add(t.name());
            }
        }
        return List.copyOf(dup);
    }

    /** RFC 6376 §3.2: {@code tag-name = ALPHA *ALNUMPUNC} (ALNUMPUNC = ALPHA / DIGIT / "_"). */
    private static boolean isTagName(String name) {
        return !name.isEmpty() && Ascii.isLetter(name.charAt(0)) && (name.length() == 1
                || Ascii.alnumOr(name.substring(1), "_"));
    }
}
