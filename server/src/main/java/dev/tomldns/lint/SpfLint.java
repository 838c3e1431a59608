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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Checks SPF policies (RFC 7208): TXT records starting {@code v=spf1}, and the retired SPF type 99. */
final class SpfLint {
    /** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries, counted through include and redirect. */
    static final int LOOKUP_LIMIT = 10;
    private static final int MAX_DEPTH = 12;
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)");
    private static final Pattern MECHANISM = Pattern.compile("([+?~-]?)([A-Za-z][A-Za-z0-9._-]*)(.*)");
    private static final Pattern IP4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
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
                out.warning(at, "RFC 7208 §5.1", "'" + term + "' comes after 'all' and is never evaluated",
                        "move it before the all mechanism");
            }
            Matcher mod = MODIFIER.matcher(term);
            if (mod.matches()) {
                String key = mod.group(1).toLowerCase(Locale.ROOT);
                if (key.equals("redirect")) {
                    duplicate(at, "redirect", sawRedirect);
                    sawRedirect = true;
                    checkDomainSpec(at, term, mod.group(2));
                } else if (key.equals("exp")) {
                    duplicate(at, "exp", sawExp);
                    sawExp = true;
                    checkDomainSpec(at, term, mod.group(2));
                } else {
                    out.info(at, "RFC 7208 §6", "unknown modifier '" + mod.group(1) + "' is ignored by receivers",
                            "");
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
        Matcher m = MECHANISM.matcher(term);
        if (!m.matches()) {
            out.error(at, "RFC 7208 §4.6.1", "'" + term + "' is not an SPF mechanism or modifier: receivers fail "
                    + "SPF with a permanent error", "remove it or fix its spelling");
            return false;
        }
        String qualifier = m.group(1);
        String mech = m.group(2).toLowerCase(Locale.ROOT);
        String rest = m.group(3);
        switch (mech) {
            case "all" -> checkAll(at, term, qualifier, rest);
            case "include", "exists" -> {
                if (!rest.startsWith(":") || rest.length() == 1) {
                    out.error(at, "RFC 7208 §5.2, §5.7", "'" + term + "' needs a domain: " + mech + ":domain",
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
            default -> out.error(at, "RFC 7208 §4.6.1", "unknown mechanism '" + m.group(2) + "' in '" + term
                    + "': receivers fail SPF with a permanent error", "use all, include, a, mx, ip4, ip6 or exists");
        }
        return mech.equals("all");
    }

    private void checkAll(LintRecord at, String term, String qualifier, String rest) {
        if (!rest.isEmpty()) {
            out.error(at, "RFC 7208 §5.1", "'" + term + "': 'all' takes no argument", "write -all");
            return;
        }
        if (qualifier.isEmpty() || qualifier.equals("+")) {
            out.warning(at, "RFC 7208 §5.1", "'" + term + "' lets every host on the Internet send mail as this "
                    + "domain", "end with -all (or ~all while testing)");
        } else if (qualifier.equals("?")) {
            out.warning(at, "RFC 7208 §8.2", "'?all' says nothing about other hosts (neutral): the policy "
                    + "protects nothing", "end with -all (or ~all while testing)");
        }
    }

    private void checkAMx(LintRecord at, String term, String rest) {
        String spec = rest;
        int slash = spec.indexOf('/');
        String cidr = slash < 0 ? "" : spec.substring(slash);
        spec = slash < 0 ? spec : spec.substring(0, slash);
        if (spec.startsWith(":")) {
            checkDomainSpec(at, term, spec.substring(1));
        } else if (!spec.isEmpty()) {
            out.error(at, "RFC 7208 §5.3", "'" + term + "' is malformed", "a, a:domain, a/24 or a:domain/24");
        }
        if (!cidr.isEmpty() && !cidr.matches("/(\\d{1,2})(//\\d{1,3})?|//\\d{1,3}")) {
            out.error(at, "RFC 7208 §5.6", "'" + term + "' has a malformed prefix length", "e.g. a/24 or a/24//64");
        }
    }

    private void checkIp(LintRecord at, String term, String rest, boolean v6) {
        String rule = "RFC 7208 §5.6";
        if (!rest.startsWith(":")) {
            out.error(at, rule, "'" + term + "' needs an address", v6 ? "e.g. ip6:2001:db8::/32" : "e.g. ip4:192.0.2.0/24");
            return;
        }
        String addr = rest.substring(1);
        int slash = addr.lastIndexOf('/');
        String prefix = slash < 0 ? null : addr.substring(slash + 1);
        addr = slash < 0 ? addr : addr.substring(0, slash);
        boolean ok = v6 ? addr.contains(":") && literal(addr) : IP4.matcher(addr).matches() && literal(addr);
        int max = v6 ? 128 : 32;
        if (ok && prefix != null) {
            ok = prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= max;
        }
        if (!ok) {
            out.error(at, rule, "'" + term + "' is not a valid " + (v6 ? "IPv6" : "IPv4") + " address or prefix: "
                    + "receivers fail SPF with a permanent error", v6 ? "e.g. ip6:2001:db8::/32" : "e.g. ip4:192.0.2.0/24");
        }
    }

    private static boolean literal(String addr) {
        try {
            if (!addr.matches("[0-9A-Fa-f:.]+")) {
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
            return; // a macro-string (RFC 7208 §7): expanded per message, not checkable here
        }
        String d = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        if (!d.contains(".") || !d.matches("[A-Za-z0-9_.-]+") || d.contains("..")) {
            out.error(at, "RFC 7208 §7.1", "'" + term + "': '" + spec + "' is not a domain name",
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
                    + (count.exact ? "" : " we serve; " + String.join(", ", count.unknown) + " not counted")
                    + "); above " + LOOKUP_LIMIT + " receivers fail SPF with a permanent error",
                    "replace includes by ip4:/ip6: ranges, or flatten nested includes");
        } else if (!count.exact && count.total > 0) {
            out.info(at, "RFC 7208 §4.6.4", "the SPF policy of " + name + " needs at least " + count.total
                    + " of the " + LOOKUP_LIMIT + " allowed DNS lookups; the includes of "
                    + String.join(", ", count.unknown) + " are outside our zones and not counted", "");
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
        Matcher mod = MODIFIER.matcher(term);
        if (mod.matches()) {
            return mod.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher m = MECHANISM.matcher(term);
        return m.matches() ? m.group(2).toLowerCase(Locale.ROOT) : "";
    }

    private static boolean isModifier(String term) {
        return MODIFIER.matcher(term).matches();
    }

    /** The terms after "v=spf1", split on spaces (RFC 7208 §4.6.1: terms are separated by 1*SP). */
    private static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String t : text.substring(6).split(" +")) {
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        return terms;
    }
}
