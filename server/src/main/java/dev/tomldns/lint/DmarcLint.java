package dev.tomldns.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Checks DMARC policy records (RFC 7489) at {@code _dmarc.<domain>}, and DMARC text published elsewhere. */
final class DmarcLint {
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");
    private static final Set<String> KNOWN = Set.of("v", "p", "sp", "pct", "rua", "ruf", "adkim", "aspf", "fo", "ri",
            "rf");
    /** Tags of DMARCbis (draft), not in RFC 7489: reported as info, not as unknown. */
    private static final Set<String> DMARCBIS = Set.of("np", "psd", "t");

    private final ServedRecords zones;
    private final Findings out;

    DmarcLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    static boolean looksLikeDmarc(String text) {
        // text.replace(" ", "").toLowerCase(Locale.ROOT).startsWith("v=dmarc1"), without copying every TXT text.
        return ServedRecords.Txt.startsWithoutSpaces(text, "v=dmarc1", true);
    }

    void check(Name name) {
        List<ServedRecords.Txt> txt = zones.txt(name);
        if (reportLabel(name) > 0) {
            txt.stream().filter(t -> looksLikeDmarc(t.text())).forEach(t -> checkAuthorization(name, t));
            return;
        }
        boolean policyName = name.labels() > 2 && ServedRecords.labelIs(name, 0, "_dmarc");
        if (!policyName) {
            for (ServedRecords.Txt t : txt) {
                if (looksLikeDmarc(t.text())) {
                    misplaced(name, t);
                }
            }
            return;
        }
        List<ServedRecords.Txt> dmarc = txt.stream().filter(t -> looksLikeDmarc(t.text())).toList();
        if (dmarc.size() > 1) {
            dmarc.subList(1, dmarc.size()).forEach(t -> out.error(t.source(), "RFC 7489 §6.6.3", dmarc.size()
                    + " DMARC records at " + name + ": receivers then apply no DMARC policy at all",
                    "keep a single v=DMARC1 record"));
        }
        for (ServedRecords.Txt t : txt) {
            if (!looksLikeDmarc(t.text()) && t.text().toLowerCase(Locale.ROOT).contains("v=dmarc1")) {
                out.error(t.source(), "RFC 7489 §6.4", "v=DMARC1 must be the first tag; receivers discard this "
                        + "record", "start the text with v=DMARC1;");
            }
        }
        Name domain = new Name(name, 1);
        dmarc.forEach(t -> checkRecord(domain, t));
    }

    /**
     * RFC 7489 §7.1: {@code <domain>._report._dmarc.<destination>} is where a report destination in another domain
     * says it accepts reports for {@code <domain>} (one or more labels; a wildcard accepts them for every domain).
     * Returns the index of the {@code _report} label, or -1 when {@code name} is not of that form.
     */
    private static int reportLabel(Name name) {
        for (int i = 1; i + 3 < name.labels(); i++) {
            if (ServedRecords.labelIs(name, i, "_report") && ServedRecords.labelIs(name, i + 1, "_dmarc")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An authorization record holds {@code v=DMARC1} and may carry rua/ruf that replace the destination
     * (RFC 7489 §7.1); it has no policy, so p= is neither needed nor read.
     */
    private void checkAuthorization(Name name, ServedRecords.Txt txt) {
        LintRecord at = txt.source();
        TagList tags = TagList.parse(txt.text());
        TagList.Tag v = tags.tags().isEmpty() ? null : tags.tags().get(0);
        if (v == null || !v.name().equals("v") || !v.value().equals("DMARC1")) {
            out.error(at, "RFC 7489 §7.1", "the report authorization at " + name + " must start with v=DMARC1 "
                    + "(exactly, upper-case): receivers do not read it, so they send no reports", "TXT \"v=DMARC1\"");
            return;
        }
        // rua/ruf here replace the destination's addresses; they belong to the destination's domain.
        Name domain = new Name(name, reportLabel(name) + 2);
        for (TagList.Tag tag : tags.tags()) {
            if (tag.name().equals("rua") || tag.name().equals("ruf")) {
                checkUris(domain, at, tag);
            }
        }
    }

    /**
     * DMARC text where no receiver looks (RFC 7489 §6.1: only at {@code _dmarc.<domain>}): harmless, and useless,
     * so a warning; the usual slip is a first label written without its underscore.
     */
    private void misplaced(Name name, ServedRecords.Txt t) {
        boolean noUnderscore = name.labels() > 2 && ServedRecords.labelIs(name, 0, "dmarc");
        Name domain = noUnderscore ? new Name(name, 1) : name;
        out.warning(t.source(), "RFC 7489 §6.1", "a DMARC record at " + name + (noUnderscore ? ", which lacks the "
                + "underscore of _dmarc" : "") + ": receivers look for it only at _dmarc.<domain>, so they never "
                + "read this one", "move it to _dmarc." + domain);
    }

    private void checkRecord(Name domain, ServedRecords.Txt txt) {
        LintRecord at = txt.source();
        TagList tags = TagList.parse(txt.text());
        tags.problems().forEach(p -> out.error(at, "RFC 7489 §6.4", "DMARC tag list: " + p,
                "write tag=value pairs separated by ';'"));
        TagList.Tag v = tags.tags().isEmpty() ? null : tags.tags().get(0);
        if (v == null || !v.name().equals("v") || !v.value().equals("DMARC1")) {
            out.error(at, "RFC 7489 §6.4", "the record must start with v=DMARC1 (exactly, upper-case)",
                    "start the text with v=DMARC1;");
        }
        String p = tags.value("p");
        if (p == null) {
            out.error(at, "RFC 7489 §6.3", "the required p= tag is missing (p must come right after v)",
                    "add p=none (monitor), p=quarantine or p=reject");
        } else if (!POLICIES.contains(p)) {
            out.error(at, "RFC 7489 §6.3", "p=" + p + " is not none, quarantine or reject", "e.g. p=quarantine");
        } else if (tags.get("p").index() != 1) {
            out.warning(at, "RFC 7489 §6.4", "p= should come right after v=DMARC1", "v=DMARC1; p=" + p + "; ...");
        }
        tags.duplicates().forEach(d -> out.error(at, "RFC 7489 §6.4", "tag " + d + "= appears more than once",
                "keep one"));
        for (TagList.Tag tag : tags.tags()) {
            checkTag(domain, at, tag);
        }
    }

    private void checkTag(Name domain, LintRecord at, TagList.Tag tag) {
        String value = tag.value();
        switch (tag.name()) {
            case "v", "p" -> { }
            case "sp" -> expect(at, tag, POLICIES.contains(value), "none, quarantine or reject");
            case "pct" -> expect(at, tag, Ascii.digits(value, 1, 3) && Integer.parseInt(value) <= 100,
                    "an integer from 0 to 100");
            case "adkim", "aspf" -> expect(at, tag, value.equals("r") || value.equals("s"), "r (relaxed) or s (strict)");
            case "fo" -> expect(at, tag, isFailureOptions(value), "0, 1, d or s, separated by ':'");
            case "ri" -> expect(at, tag, Ascii.digits(value, 1, 10), "a number of seconds");
            case "rf" -> expect(at, tag, value.equalsIgnoreCase("afrf"), "afrf");
            case "rua", "ruf" -> checkUris(domain, at, tag);
            default -> {
                if (DMARCBIS.contains(tag.name())) {
                    out.info(at, "RFC 7489 §6.3", "tag " + tag.name() + "= comes from DMARCbis, not RFC 7489; "
                            + "older receivers ignore it", "");
                } else if (!KNOWN.contains(tag.name())) {
                    out.warning(at, "RFC 7489 §6.3", "unknown DMARC tag " + tag.name() + "= is ignored by receivers",
                            "check the spelling (p, sp, pct, rua, ruf, adkim, aspf, fo, ri, rf)");
                }
            }
        }
    }

    private void expect(LintRecord at, TagList.Tag tag, boolean ok, String wanted) {
        if (!ok) {
            out.error(at, "RFC 7489 §6.3", tag.name() + "=" + Ascii.cut(tag.value()) + " is invalid: expected "
                    + wanted,
                    "fix the value of " + tag.name() + "=");
        }
    }

    private void checkUris(Name domain, LintRecord at, TagList.Tag tag) {
        for (String raw : tag.value().split(",")) {
            String uri = raw.strip();
            // RFC 7489 §6.2: a URI may end in "!size" limiting report size.
            int bang = uri.lastIndexOf('!');
            if (bang > 0 && isSizeLimit(uri.substring(bang + 1))) {
                uri = uri.substring(0, bang);
            }
            String scheme = Ascii.scheme(uri);
            if (scheme == null) {
                // RFC 7489 §6.3: rua and ruf are lists of URIs; a bare address is none, and receivers drop it.
                out.error(at, "RFC 7489 §6.2, §6.3", tag.name() + " destination '" + Ascii.cut(uri) + "' is not a URI"
                        + (uri.indexOf('@') > 0 ? " (an address needs mailto: before it)" : "") + ": receivers "
                        + "drop it, so no reports are sent there", tag.name() + "=mailto:"
                        + (uri.indexOf('@') > 0 ? Ascii.cut(uri) : "dmarc-reports@" + domain.toString(true)));
                continue;
            }
            if (!scheme.equalsIgnoreCase("mailto")) {
                out.warning(at, "RFC 7489 §6.2, §6.3", tag.name() + " destination '" + Ascii.cut(uri) + "' is not a "
                        + "mailto: URI; receivers are only required to send reports by mail",
                        tag.name() + "=mailto:dmarc-reports@" + domain.toString(true));
                continue;
            }
            String address = uri.substring(7);
            int atSign = address.lastIndexOf('@');
            if (atSign <= 0 || atSign == address.length() - 1) {
                out.error(at, "RFC 7489 §6.3", tag.name() + "=" + Ascii.cut(uri) + " has no valid e-mail address",
                        tag.name() + "=mailto:dmarc-reports@" + domain.toString(true));
                continue;
            }
            checkExternal(domain, at, address.substring(atSign + 1), tag.name());
        }
    }

    /** RFC 7489 §7.1: a report destination in another domain must consent with a TXT record in that domain. */
    private void checkExternal(Name domain, LintRecord at, String host, String tag) {
        Name dest;
        try {
            dest = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            out.error(at, "RFC 7489 §6.3", tag + " mail domain '" + Ascii.cut(host) + "' is not a domain name: no "
                    + "reports can be sent there", "");
            return;
        }
        Name zone = zones.zoneOf(domain);
        if (dest.subdomain(domain) || (zone != null && dest.subdomain(zone))) {
            return;
        }
        String auth = domain.toString(true) + "._report._dmarc." + dest.toString(true);
        if (zones.serves(dest)) {
            Name authName;
            try {
                authName = Name.fromString(auth, Name.root);
            } catch (TextParseException e) {
                return;
            }
            boolean consent = zones.txt(authName).stream().anyMatch(t -> looksLikeDmarc(t.text()))
                    || wildcardConsent(dest);
            if (!consent) {
                out.warning(at, "RFC 7489 §7.1", tag + " reports go to " + dest + ", another domain we serve, "
                        + "which has no " + auth + " TXT record: receivers will not send them",
                        "add TXT \"v=DMARC1\" at " + auth + ".");
            }
            return;
        }
        out.info(at, "RFC 7489 §7.1", tag + " reports go to " + dest.toString(true) + ", another domain: receivers "
                + "send them only if that domain publishes TXT \"v=DMARC1\" at " + auth, "");
    }

    /** RFC 7489 §7.1: {@code *._report._dmarc.<destination>} accepts reports for every domain. */
    private boolean wildcardConsent(Name dest) {
        try {
            Name wild = Name.fromString("*._report._dmarc", dest);
            return zones.txt(wild).stream().anyMatch(t -> looksLikeDmarc(t.text()));
        } catch (TextParseException e) {
            return false;
        }
    }

    /** RFC 7489 §6.3 fo: {@code 0 / 1 / d / s}, separated by ':' with optional white space. */
    private static boolean isFailureOptions(String value) {
        for (String option : value.split(":", -1)) {
            String o = option.strip();
            if (o.length() != 1 || "01ds".indexOf(o.charAt(0)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7489 §6.2: the size after '!' is digits and an optional unit k, m, g or t. */
    private static boolean isSizeLimit(String s) {
        int end = s.length();
        if (end > 0 && "kmgt".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return Ascii.digits(s.substring(0, end), 1, 20);
    }
}
