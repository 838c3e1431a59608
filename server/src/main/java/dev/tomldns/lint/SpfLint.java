package dev.tomldns.lint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Checks SPF policies (RFC 7208): TXT records starting {@code v=spf1}, and the retired SPF type 99. */
final class SpfLint {
    /** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries, counted through include and redirect. */
    static final int LOOKUP_LIMIT = 10;
    private static final int MAX_DEPTH = 12;
    private static final Set<String> LOOKUP_TERMS = Set.of("include", "a", "mx", "ptr", "exists", "redirect");

    private final ServedRecords zones;
    private final Findings out;
    /** The findings of each SPF text read so far, reported at the first record that held it. */
    private final Map<String, List<Finding>> checkedTexts = new HashMap<>();

    SpfLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    /** Whether a TXT text is an SPF record (RFC 7208 §4.5: "v=spf1" then a space or the end, any case). */
    static boolean isSpf(String text) {
        // Compared in place rather than lower-casing every TXT text of the zone: only ASCII letters can match here
        // (no non-ASCII character lower-cases to v, s, p or f).
        if (text.length() < 6 || (text.length() > 6 && text.charAt(6) != ' ')) {
            return false;
        }
        String prefix = "v=spf1";
        for (int i = 0; i < 6; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The SPF texts at {@code name}. */
    private List<ServedRecords.Txt> spfAt(Name name) {
        List<ServedRecords.Txt> txt = zones.txt(name);
        List<ServedRecords.Txt> spf = null;
        for (int i = 0; i < txt.size(); i++) {
            if (isSpf(txt.get(i).text())) {
                if (spf == null) {
                    spf = new ArrayList<>(1);
                }
                spf.add(txt.get(i));
            }
        }
        return spf == null ? List.of() : spf;
    }

    void check(Name name) {
        List<ServedRecords.Txt> spf = spfAt(name);
        checkSpfType(name, spf.isEmpty());
        for (int i = 1; i < spf.size(); i++) {
            out.error(spf.get(i).source(), "RFC 7208 §4.5", spf.size() + " SPF records at " + name + ": receivers "
                    + "treat that as a permanent error and SPF fails for all your mail", "merge them into one v=spf1 "
                    + "record");
        }
        for (ServedRecords.Txt t : spf) {
            checkRecord(name, t);
        }
    }

    private void checkSpfType(Name name, boolean noTxt) {
        for (LintRecord r : zones.at(name, Type.SPF)) {
            out.add(noTxt ? Finding.Severity.ERROR : Finding.Severity.WARNING, r, "RFC 7208 §3.1, §14.1",
                    "the SPF record type (99) is retired; receivers read only TXT"
                            + (noTxt ? ", so " + name + " has no SPF policy at all" : ""),
                    noTxt ? "publish the same text as a TXT record and remove the SPF-type record"
                            : "remove the SPF-type record");
        }
    }

    private void checkRecord(Name name, ServedRecords.Txt spf) {
        LintRecord at = spf.source();
        // The terms' findings depend on the text alone: many names publish the same policy, so read each text once
        // and report its findings at every record that holds it.
        List<Finding> found = checkedTexts.get(spf.text());
        if (found == null) {
            Findings scratch = new Findings();
            try {
                new SpfLint(zones, scratch).checkTerms(at, spf.text());
            } catch (RuntimeException e) {
                out.replay(scratch.list(), at); // what was found before a failing check, as without the cache
                throw e;
            }
            found = scratch.list();
            checkedTexts.put(spf.text(), found);
        }
        out.replay(found, at);
        checkLookupCount(name, at);
    }

    /** The findings of an SPF text's terms, which name no owner and look at no other record. */
    private void checkTerms(LintRecord at, String text) {
        List<String> terms = terms(text);
        boolean sawAll = false;
        boolean sawRedirect = false;
        boolean sawExp = false;
        for (String term : terms) {
            if (sawAll && !isModifier(term)) {
                out.warning(at, "RFC 7208 §5.1", "'" + Ascii.cut(term) + "' comes after 'all' and is never evaluated",
                        "move it before the all mechanism");
            }
            Term mod = Term.parse(term);
            if (mod != null && mod.modifier()) {
                String key = mod.name().toLowerCase(Locale.ROOT);
                if (key.equals("redirect")) {
                    duplicate(at, "redirect", sawRedirect);
                    sawRedirect = true;
                    checkDomainSpec(at, term, mod.rest());
                } else if (key.equals("exp")) {
                    duplicate(at, "exp", sawExp);
                    sawExp = true;
                    checkDomainSpec(at, term, mod.rest());
                } else {
                    out.info(at, "RFC 7208 §6", "unknown modifier '" + Ascii.cut(mod.name()) + "' is ignored by "
                            + "receivers", "");
                }
                continue;
            }
            sawAll |= checkMechanism(at, term);
        }
        if (sawAll && sawRedirect) {
            out.warning(at, "RFC 7208 §6.1", "redirect= is ignored because the record has an 'all' mechanism",
                    "remove one of them");
        }
        if (!sawAll && !sawRedirect) {
            out.info(at, "RFC 7208 §4.7", "no 'all' mechanism and no redirect: mail from other hosts gets a "
                    + "neutral result", "end the record with -all (or ~all while testing)");
        }
    }

    /** Checks one mechanism; returns whether it is 'all'. */
    private boolean checkMechanism(LintRecord at, String term) {
        Term m = Term.parse(term);
        if (m == null) {
            out.error(at, "RFC 7208 §4.6.1", "'" + Ascii.cut(term) + "' is not an SPF mechanism or modifier: "
                    + "receivers fail SPF with a permanent error", "remove it or fix its spelling");
            return false;
        }
        String qualifier = m.qualifier();
        String mech = m.name().toLowerCase(Locale.ROOT);
        String rest = m.rest();
        switch (mech) {
            case "all" -> checkAll(at, term, qualifier, rest);
            case "include", "exists" -> {
                if (!rest.startsWith(":") || rest.length() == 1) {
                    out.error(at, "RFC 7208 §5.2, §5.7", "'" + Ascii.cut(term) + "' needs a domain: " + mech + ":domain",
                            "e.g. include:_spf.example.net");
                } else {
                    checkDomainSpec(at, term, rest.substring(1));
                }
            }
            case "a", "mx" -> checkAMx(at, term, rest);
            case "ptr" -> out.warning(at, "RFC 7208 §5.5", "'ptr' is slow and unreliable and SHOULD NOT be used",
                    "list the addresses with ip4:/ip6: or a/mx");
            case "ip4" -> checkIp(at, term, rest, false);
            case "ip6" -> checkIp(at, term, rest, true);
            default -> out.error(at, "RFC 7208 §4.6.1", "unknown mechanism '" + Ascii.cut(m.name()) + "' in '"
                    + Ascii.cut(term)
                    + "': receivers fail SPF with a permanent error", "use all, include, a, mx, ip4, ip6 or exists");
        }
        return mech.equals("all");
    }

    private void checkAll(LintRecord at, String term, String qualifier, String rest) {
        if (!rest.isEmpty()) {
            out.error(at, "RFC 7208 §5.1", "'" + Ascii.cut(term) + "': 'all' takes no argument", "write -all");
            return;
        }
        if (qualifier.isEmpty() || qualifier.equals("+")) {
            out.warning(at, "RFC 7208 §5.1", "'" + Ascii.cut(term) + "' lets every host on the Internet send mail as this "
                    + "domain", "end with -all (or ~all while testing)");
        } else if (qualifier.equals("?")) {
            out.warning(at, "RFC 7208 §8.2", "'?all' says nothing about other hosts (neutral): the policy "
                    + "protects nothing", "end with -all (or ~all while testing)");
        }
    }

    private void checkAMx(LintRecord at, String term, String rest) {
        String spec = rest;
        // The prefix length follows the domain-spec, whose macros may hold '/' as a delimiter (RFC 7208 §7.1).
        int slash = spec.indexOf('/', spec.lastIndexOf('}') + 1);
        String cidr = slash < 0 ? "" : spec.substring(slash);
        spec = slash < 0 ? spec : spec.substring(0, slash);
        if (spec.startsWith(":")) {
            checkDomainSpec(at, term, spec.substring(1));
        } else if (!spec.isEmpty()) {
            out.error(at, "RFC 7208 §5.3", "'" + Ascii.cut(term) + "' is malformed", "a, a:domain, a/24 or a:domain/24");
        }
        if (!cidr.isEmpty() && !isDualCidr(cidr)) {
            out.error(at, "RFC 7208 §5.6", "'" + Ascii.cut(term) + "' has a malformed prefix length", "e.g. a/24 or a/24//64");
        }
    }

    private void checkIp(LintRecord at, String term, String rest, boolean v6) {
        String rule = "RFC 7208 §5.6";
        if (!rest.startsWith(":")) {
            out.error(at, rule, "'" + Ascii.cut(term) + "' needs an address", v6 ? "e.g. ip6:2001:db8::/32" : "e.g. ip4:192.0.2.0/24");
            return;
        }
        String addr = rest.substring(1);
        int slash = addr.lastIndexOf('/');
        String prefix = slash < 0 ? null : addr.substring(slash + 1);
        addr = slash < 0 ? addr : addr.substring(0, slash);
        boolean ok = v6 ? addr.contains(":") && literal(addr) : isIp4(addr) && literal(addr);
        int max = v6 ? 128 : 32;
        if (ok && prefix != null) {
            ok = Ascii.digits(prefix, 1, 3) && Integer.parseInt(prefix) <= max;
        }
        if (!ok) {
            out.error(at, rule, "'" + Ascii.cut(term) + "' is not a valid " + (v6 ? "IPv6" : "IPv4") + " address or "
                    + "prefix: receivers fail SPF with a permanent error",
                    v6 ? "e.g. ip6:2001:db8::/32" : "e.g. ip4:192.0.2.0/24");
        }
    }

    private static boolean literal(String addr) {
        try {
            // Hex digits, ':' and '.' only, so the JDK reads a literal and never asks the DNS for a name.
            if (!Ascii.alnumOr(addr, ":.") || !addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                    || c == '.')) {
                return false;
            }
            InetAddress.getByName(addr);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void checkDomainSpec(LintRecord at, String term, String spec) {
        if (spec.contains("%")) {
            // A macro-string (RFC 7208 §7): expanded per message, so only its macros can be checked here.
            String problem = macroProblem(spec);
            if (problem != null) {
                out.error(at, "RFC 7208 §7.1, §7.2", "'" + Ascii.cut(term) + "': " + problem + "; receivers fail "
                        + "SPF with a permanent error", "macros are %{s} %{l} %{o} %{d} %{i} %{p} %{h} %{v} (with "
                        + "digits, r and delimiters inside the braces), %%, %_ and %-");
            }
            return;
        }
        String d = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        if (!d.contains(".") || !Ascii.alnumOr(d, "_.-") || d.contains("..")) {
            out.error(at, "RFC 7208 §7.1", "'" + Ascii.cut(term) + "': '" + Ascii.cut(spec) + "' is not a domain "
                    + "name",
                    "use a fully qualified name such as _spf.example.net");
        }
    }

    private void duplicate(LintRecord at, String modifier, boolean seen) {
        if (seen) {
            out.error(at, "RFC 7208 §6", "the " + modifier + "= modifier appears more than once: receivers fail "
                    + "SPF with a permanent error", "keep one " + modifier + "=");
        }
    }

    private void checkLookupCount(Name name, LintRecord at) {
        Count count = new Count();
        count(name, count, new HashSet<>(), 0, at);
        if (count.total > LOOKUP_LIMIT) {
            out.error(at, "RFC 7208 §4.6.4", "the SPF policy of " + name + " needs " + (count.exact ? "" : "at least ")
                    + count.total + " DNS lookups (include, a, mx, ptr, exists, redirect, counted through includes"
                    + (count.exact ? "" : " we serve; " + Ascii.cut(String.join(", ", count.unknown)) + " not counted")
                    + "); above " + LOOKUP_LIMIT + " receivers fail SPF with a permanent error",
                    "replace includes by ip4:/ip6: ranges, or flatten nested includes");
        } else if (!count.exact && count.total > 0) {
            out.info(at, "RFC 7208 §4.6.4", "the SPF policy of " + name + " needs at least " + count.total
                    + " of the " + LOOKUP_LIMIT + " allowed DNS lookups; the includes of "
                    + Ascii.cut(String.join(", ", count.unknown)) + " are outside our zones and not counted", "");
        }
    }

    /** Running total of DNS-querying terms; {@code exact} turns false once an include leaves our zones. */
    private static final class Count {
        int total;
        boolean exact = true;
        final List<String> unknown = new ArrayList<>();
    }

    private void count(Name name, Count count, Set<Name> visited, int depth, LintRecord origin) {
        if (!visited.add(name) || depth > MAX_DEPTH) {
            return;
        }
        List<ServedRecords.Txt> spf = spfAt(name);
        if (spf.size() != 1) {
            return;
        }
        for (String term : terms(spf.get(0).text())) {
            String key = key(term);
            if (!LOOKUP_TERMS.contains(key)) {
                continue;
            }
            count.total++;
            if (key.equals("include") || key.equals("redirect")) {
                follow(term.substring(term.indexOf(key.equals("include") ? ':' : '=') + 1), count, visited, depth,
                        origin, key, name);
            }
        }
    }

    private void follow(String spec, Count count, Set<Name> visited, int depth, LintRecord origin, String key,
                        Name from) {
        if (spec.contains("%")) {
            count.exact = false;
            count.unknown.add(spec);
            return;
        }
        Name target;
        try {
            target = Name.fromString(spec, Name.root);
        } catch (TextParseException e) {
            return;
        }
        if (!zones.serves(target)) {
            count.exact = false;
            count.unknown.add(target.toString(true));
            return;
        }
        boolean hasSpf = !spfAt(target).isEmpty();
        if (!hasSpf && depth == 0) {
            out.error(origin, "RFC 7208 §5.2, §6.1", key + " target " + target + " (in our zones) has no SPF record: "
                    + "receivers fail SPF for " + from + " with a permanent error", "publish v=spf1 at " + target
                    + " or remove the " + key);
        }
        count(target, count, visited, depth + 1, origin);
    }

    private static String key(String term) {
        Term t = Term.parse(term);
        return t == null ? "" : t.name().toLowerCase(Locale.ROOT);
    }

    private static boolean isModifier(String term) {
        Term t = Term.parse(term);
        return t != null && t.modifier();
    }

    /** The terms after "v=spf1", split on spaces (RFC 7208 §4.6.1: terms are separated by 1*SP). */
    private static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String t : text.substring(6).split(" ")) {
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        return terms;
    }

    /**
     * One term (RFC 7208 §4.6.1, §12): {@code modifier = name "=" macro-string} or {@code mechanism = [qualifier]
     * name rest}, where name is {@code ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )}. Read in one pass.
     */
    private record Term(String qualifier, String name, String rest, boolean modifier) {
        static Term parse(String term) {
            int i = 0;
            String qualifier = "";
            if (!term.isEmpty() && "+?~-".indexOf(term.charAt(0)) >= 0) {
                qualifier = term.substring(0, 1);
                i = 1;
            }
            if (i >= term.length() || !Ascii.isLetter(term.charAt(i))) {
                return null;
            }
            int end = i + 1;
            while (end < term.length() && (Ascii.isAlnum(term.charAt(end)) || "._-".indexOf(term.charAt(end)) >= 0)) {
                end++;
            }
            String name = term.substring(i, end);
            boolean modifier = qualifier.isEmpty() && end < term.length() && term.charAt(end) == '=';
            return new Term(qualifier, name, term.substring(modifier ? end + 1 : end), modifier);
        }
    }

    /** {@code a.b.c.d}, each part 1 to 3 digits (the value is checked by the JDK after). */
    private static boolean isIp4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!Ascii.digits(p, 1, 3)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7208 §5.6: {@code dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]}, as "/24//64". */
    private static boolean isDualCidr(String cidr) {
        int six = cidr.indexOf("//");
        String v4 = six < 0 ? cidr : cidr.substring(0, six);
        String v6 = six < 0 ? null : cidr.substring(six + 2);
        if (!v4.isEmpty() && !(v4.charAt(0) == '/' && Ascii.digits(v4.substring(1), 1, 2))) {
            return false;
        }
        return v6 == null || Ascii.digits(v6, 1, 3);
    }

    /**
     * What is wrong with the macros of a domain-spec (RFC 7208 §7.1), or {@code null}:
     * <pre>
     * macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
     * macro-letter = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
     * transformers = *DIGIT [ "r" ]
     * delimiter    = "." / "-" / "+" / "," / "/" / "_" / "="
     * </pre>
     * c, r and t are allowed only in explanation text (§7.2), never in a domain-spec; letters in any case (§7.3).
     */
    static String macroProblem(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            if (spec.charAt(i) != '%') {
                continue;
            }
            if (i + 1 >= spec.length()) {
                return "a '%' ends the domain (write %% for a literal '%')";
            }
            char next = spec.charAt(i + 1);
            if (next == '%' || next == '_' || next == '-') {
                i++;
                continue;
            }
            if (next != '{') {
                return "'%" + next + "' is not a macro (a macro is %{letter...}, %%, %_ or %-)";
            }
            int close = spec.indexOf('}', i + 2);
            if (close < 0) {
                return "the macro starting '" + Ascii.cut(spec.substring(i)) + "' has no closing '}'";
            }
            if (close == i + 2) {
                return "'%{}' names no macro letter";
            }
            char letter = Character.toLowerCase(spec.charAt(i + 2));
            if ("slodiphv".indexOf(letter) < 0) {
                return "crt".indexOf(letter) >= 0
                        ? "the macro letter '" + spec.charAt(i + 2) + "' is allowed only in explanation text (exp=), "
                        + "not in a domain"
                        : "'%{" + spec.charAt(i + 2) + "' has the unknown macro letter '" + spec.charAt(i + 2)
                        + "' (RFC 7208 defines s, l, o, d, i, p, h, c, r, t and v)";
            }
            int j = i + 3;
            while (j < close && Ascii.isDigit(spec.charAt(j))) {
                j++;
            }
            if (j < close && (spec.charAt(j) == 'r' || spec.charAt(j) == 'R')) {
                j++;
            }
            while (j < close && ".-+,/_=".indexOf(spec.charAt(j)) >= 0) {
                j++;
            }
            if (j != close) {
                return "the macro '" + Ascii.cut(spec.substring(i, close + 1)) + "' has '" + spec.charAt(j)
                        + "' where only digits, 'r' and the delimiters . - + , / _ = may follow the letter";
            }
            i = close;
        }
        return null;
    }
}
