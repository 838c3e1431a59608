package dev.tomldns.lint;

import dev.tomldns.caa.IssueValue;
import dev.tomldns.wire.Rfc8659CaaRecord;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Checks CAA RRsets (RFC 8659, RFC 8657 parameters, RFC 9495 issuemail). */
final class CaaLint {
    /** Tags registered with IANA (RFC 8659, RFC 9495 issuemail, issuevmc, the CA/B Forum's contact tags). */
    private static final Set<String> KNOWN = Set.of("issue", "issuewild", "iodef", "issuemail", "issuevmc",
            "contactemail", "contactphone");
    /** The tags Let's Encrypt (boulder va/caa.go filterCAA) recognises; a critical flag on any other blocks it. */
    private static final Set<String> LETS_ENCRYPT_KNOWS = Set.of("issue", "issuewild", "iodef", "issuemail",
            "issuevmc");
    private static final Set<String> ACME_METHODS = Set.of("http-01", "dns-01", "tls-alpn-01", "dns-account-01");
    /** Names people write for a CA, and the issuer domain the CA actually checks for. */
    private static final Map<String, String> CA_DOMAINS = Map.of("letsencrypt", "letsencrypt.org",
            "digicert", "digicert.com", "sectigo", "sectigo.com", "globalsign", "globalsign.com",
            "google", "pki.goog", "amazon", "amazon.com", "zerossl", "sectigo.com", "buypass", "buypass.com");

    private final ServedRecords zones;
    private final Findings out;
    /** The findings of each property content checked so far. */
    private final Map<Property, List<Finding>> checkedProperties = new HashMap<>();

    CaaLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    void check(Name name) {
        List<LintRecord> caa = zones.at(name, Type.CAA);
        if (caa.isEmpty()) {
            return;
        }
        for (LintRecord r : caa) {
            checkProperty(r);
        }
        checkRRset(name, caa);
    }

    private void checkRRset(Name name, List<LintRecord> caa) {
        LintRecord first = caa.get(0);
        if (!zones.at(name, Type.CNAME).isEmpty()) {
            out.error(first, "RFC 1034 §3.6.2, RFC 8659 §3", "CAA at " + name + ", which also has a CNAME: CAs follow "
                    + "the CNAME and never see this CAA", "put the CAA records at the CNAME's target, or drop the CNAME");
        }
        boolean hasIssue = false;
        LintRecord wild = null;
        for (LintRecord r : caa) {
            String tag = tag(r);
            hasIssue |= tag.equals("issue");
            if (wild == null && tag.equals("issuewild")) {
                wild = r;
            }
        }
        if (wild != null && !hasIssue) {
            out.warning(wild, "RFC 8659 §4.3", "issuewild without issue at " + name + ": issuewild governs wildcard "
                    + "certificates only, so any CA may still issue non-wildcard certificates for " + name,
                    "add an issue property (e.g. 0 issue \"letsencrypt.org\", or 0 issue \";\" to forbid them)");
        }
    }

    /**
     * A property's findings depend on its flags, tag and value alone, and a large zone repeats a few properties
     * on many names: each content is checked once and its findings are reported at every record that holds it.
     */
    private void checkProperty(LintRecord at) {
        CAARecord r = (CAARecord) at.record();
        Property content = new Property(r.getFlags(), r.getTag(), value(r));
        List<Finding> found = checkedProperties.get(content);
        if (found == null) {
            Findings scratch = new Findings();
            try {
                new CaaLint(zones, scratch).checkContent(at);
            } catch (RuntimeException e) {
                out.replay(scratch.list(), at); // what was found before a failing check, as without the cache
                throw e;
            }
            found = scratch.list();
            checkedProperties.put(content, found);
        }
        out.replay(found, at);
    }

    /**
     * What a property's findings are a function of (RFC 8659 §4.1: flags, tag, value). A plain class rather than a
     * record: a record's equals and hashCode go through method handles, slow while the JVM is still cold.
     */
    private static final class Property {
        private final int flags;
        private final String tag;
        private final String value;
        private final int hash;

        Property(int flags, String tag, String value) {
            this.flags = flags;
            this.tag = tag;
            this.value = value;
            this.hash = (flags * 31 + tag.hashCode()) * 31 + value.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Property p && p.flags == flags && p.tag.equals(tag) && p.value.equals(value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private void checkContent(LintRecord at) {
        CAARecord r = (CAARecord) at.record();
        String tag = r.getTag();
        int flags = r.getFlags();
        if (!tagIsLettersAndDigits(Rfc8659CaaRecord.tagOctets(r))) {
            // RFC 8659 §4.1: "Tags MUST NOT contain any other characters": no CA reads such a property as one it
            // knows, so it restricts nothing (and, marked critical, stops every CA).
            out.error(at, "RFC 8659 §4.1", "CAA tag '" + tag + "' " + (tag.isEmpty() ? "is empty" : "has "
                    + "characters other than ASCII letters and digits") + ": no CA reads this property as "
                    + "issue, issuewild or iodef" + ((flags & 128) != 0 ? ", and its critical flag makes every CA "
                    + "refuse to issue" : ", so it restricts nothing"),
                    "use one of issue, issuewild, iodef, issuemail, issuevmc, contactemail, contactphone");
            return;
        }
        String lower = tag.toLowerCase(Locale.ROOT);
        checkFlags(at, lower, flags);
        switch (lower) {
            case "issue", "issuewild", "issuemail" -> checkIssuer(at, lower, r);
            case "issuevmc" -> { } // the CA/B Forum's VMC requirements define its value; CAs of TLS certificates skip it
            case "iodef" -> checkIodef(at, value(r));
            case "contactemail" -> checkContactEmail(at, value(r));
            case "contactphone" -> checkContactPhone(at, value(r));
            default -> {
                if ((flags & 128) == 0) {
                    out.warning(at, "RFC 8659 §4.1", "unknown CAA tag '" + tag + "': CAs ignore it",
                            "check the spelling (issue, issuewild, iodef, issuemail, contactemail, contactphone)");
                }
            }
        }
        if (!lower.equals(tag) && KNOWN.contains(lower)) {
            out.info(at, "RFC 8659 §4.1", "CAA tag '" + tag + "' is not lower-case; CAs match tags "
                    + "case-insensitively, but some DNS tools refuse such a tag", "write '" + lower + "'");
        }
    }

    private void checkFlags(LintRecord at, String tag, int flags) {
        if ((flags & 128) != 0 && !KNOWN.contains(tag)) {
            out.error(at, "RFC 8659 §4.1", "flag 128 (issuer critical) on the unknown tag '" + tag + "': every CA "
                    + "must refuse to issue for this name", "set the flags to 0, or remove the record");
        } else if ((flags & 128) != 0 && !LETS_ENCRYPT_KNOWS.contains(tag)) {
            out.warning(at, "RFC 8659 §4.1", "flag 128 (issuer critical) on '" + tag + "': CAs that do not "
                    + "implement it (Let's Encrypt knows issue, issuewild, iodef, issuemail and issuevmc) will "
                    + "refuse to issue", "set the flags to 0 unless you want that");
        }
        if ((flags & 0x7f) != 0) {
            String le = (flags & 1) != 0 && !KNOWN.contains(tag) ? "; Let's Encrypt treats flag 1 as critical and "
                    + "refuses to issue" : (flags & 1) != 0 ? "; Let's Encrypt reads flag 1 as 'critical'" : "";
            out.warning(at, "RFC 8659 §4.1", "CAA flags " + flags + " set reserved bits (only 128 has a meaning)" + le,
                    "use flags 0 (or 128 for critical)");
        }
    }

    private void checkIssuer(LintRecord at, String tag, CAARecord r) {
        String rule = tag.equals("issuemail") ? "RFC 9495 §3" : tag.equals("issue") ? "RFC 8659 §4.2" : "RFC 8659 §4.3";
        IssueValue v = IssueValue.parse(r.getValueAsByteArray());
        if (!v.wellFormed()) {
            malformed(at, tag, v, rule);
            return;
        }
        if (v.namesNoIssuer()) {
            out.info(at, rule, tag + " " + v.presentation() + " names no CA: no CA may issue "
                    + (tag.equals("issuewild") ? "wildcard certificates" : tag.equals("issuemail")
                    ? "S/MIME certificates" : "certificates") + " for this name and the names below it"
                    + (v.raw().isEmpty() ? " (write \";\" to make that plain)" : ""),
                    "if a CA should issue, name it: 0 " + tag + " \"letsencrypt.org\"");
            return;
        }
        if (!v.issuer().contains(".")) {
            String guess = CA_DOMAINS.get(v.issuer().toLowerCase(Locale.ROOT));
            out.error(at, rule, tag + " names '" + v.issuer() + "', which is not a CA's domain name: no CA matches "
                    + "it, so no CA may issue", "name the CA's issuer domain"
                    + (guess == null ? " (e.g. letsencrypt.org)" : ": 0 " + tag + " \"" + guess + "\""));
            return;
        }
        if (!v.issuer().equals(v.issuer().toLowerCase(Locale.ROOT))) {
            out.warning(at, rule, "issuer '" + v.issuer() + "' is not lower-case: the RFC compares it "
                    + "case-insensitively, but Let's Encrypt compares it exactly and will not match",
                    "write '" + v.issuer().toLowerCase(Locale.ROOT) + "'");
        }
        String twice = v.unsatisfiableBy();
        if (twice != null) {
            out.error(at, twice.equals("accounturi") ? "RFC 8657 §3" : "RFC 8657 §4, §5.8", tag + " "
                    + v.presentation() + " gives " + twice + " more than once: the property cannot be satisfied, "
                    + "so no CA may issue by it (Let's Encrypt refuses)", "keep one " + twice + "= parameter"
                    + (twice.equals("validationmethods") ? " listing every method: validationmethods=dns-01,http-01"
                    : ", and one property per account"));
        }
        checkParameters(at, rule, v);
    }

    private void malformed(LintRecord at, String tag, IssueValue v, String rule) {
        boolean nul = v.raw().indexOf('\0') >= 0;
        String what = nul ? tag + " " + v.presentation() + " is a NUL octet, not an issuer domain name"
                : tag + " " + v.presentation() + " is malformed: " + String.join("; ", v.problems());
        out.error(at, rule, what + ". It names no CA, so no CA may issue for this name and the names below it "
                + "(Let's Encrypt: \"CAA record ... prevents issuance\")",
                "0 " + tag + " \"letsencrypt.org\" (the CA's domain, no URL, no trailing dot), or 0 " + tag
                        + " \";\" if no CA should issue");
    }

    private void checkParameters(LintRecord at, String rule, IssueValue v) {
        for (Map.Entry<String, String> p : v.params().entrySet()) {
            switch (p.getKey().toLowerCase(Locale.ROOT)) {
                case "validationmethods" -> checkMethods(at, p.getValue());
                case "accounturi" -> checkAccountUri(at, p.getValue());
                default -> out.info(at, rule, "CAA parameter '" + p.getKey() + "' is not standard (RFC 8657 "
                        + "defines accounturi and validationmethods); CAs that do not know it ignore it", "");
            }
        }
    }

    private void checkMethods(LintRecord at, String methods) {
        for (String m : methods.split(",", -1)) {
            if (!Ascii.alnumOr(m, "-")) {
                out.error(at, "RFC 8657 §4", "validationmethods=" + Ascii.cut(methods) + " has the malformed entry '"
                        + Ascii.cut(m)
                        + "' (a comma-separated list without spaces); Let's Encrypt then ignores the whole record",
                        "e.g. validationmethods=dns-01,http-01");
                return;
            }
            if (!ACME_METHODS.contains(m)) {
                out.warning(at, "RFC 8657 §4", "validation method '" + Ascii.cut(m) + "' is not an ACME method CAs "
                        + "know",
                        "use dns-01, http-01 or tls-alpn-01");
            }
        }
    }

    private void checkAccountUri(LintRecord at, String uri) {
        try {
            URI u = new URI(uri);
            if (!u.isAbsolute()) {
                throw new URISyntaxException(uri, "not absolute");
            }
        } catch (URISyntaxException e) {
            out.error(at, "RFC 8657 §3", "accounturi '" + Ascii.cut(uri) + "' is not an absolute URI: no account "
                    + "matches it",
                    "use the account URL from your ACME client, e.g. https://acme-v02.api.letsencrypt.org/acme/acct/123");
        }
    }

    /**
     * RFC 8659 §4.4: iodef is a mailto:, http: or https: URL. Anything else is a warning, not an error: a CA that
     * cannot report still issues as the other properties say, so only the reports are lost.
     */
    private void checkIodef(LintRecord at, String value) {
        String scheme = Ascii.scheme(value);
        if (scheme != null && Set.of("mailto", "http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
            return;
        }
        out.warning(at, "RFC 8659 §4.4", "iodef " + IssueValue.presentation(value) + " is not a mailto:, http: or "
                + "https: URL" + (scheme == null ? " (it has no scheme)" : " (" + Ascii.cut(scheme) + ": is not one "
                + "CAs report to)") + ", so no CA can report refused requests to it; issuance is not affected",
                "e.g. 0 iodef \"mailto:security@example.net\"");
    }

    private void checkContactEmail(LintRecord at, String value) {
        if (!isMailAddress(value)) {
            out.warning(at, "CA/B Forum BR A.1.1", "contactemail '" + Ascii.cut(value) + "' is not an e-mail address",
                    "write a bare address: 0 contactemail \"hostmaster@example.net\"");
        }
    }

    private void checkContactPhone(LintRecord at, String value) {
        if (!isPhoneNumber(value)) {
            out.warning(at, "CA/B Forum BR A.1.2", "contactphone '" + Ascii.cut(value) + "' is not an international "
                    + "number",
                    "write it in E.164 form: \"+1 (555) 555-0100\"");
        }
    }

    /** {@code local@domain.tld}: one '@', something before it, a dot inside the part after it, no white space. */
    private static boolean isMailAddress(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@')) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        int dot = value.indexOf('.', at + 2);
        return dot > 0 && dot < value.length() - 1;
    }

    /** {@code +} and at least six of digits, spaces, parentheses and hyphens. */
    private static boolean isPhoneNumber(String value) {
        if (value.length() < 7 || value.charAt(0) != '+') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Ascii.isDigit(c) && " ()-".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean tagIsLettersAndDigits(byte[] tag) {
        if (tag.length == 0) {
            return false;
        }
        for (byte b : tag) {
            if (!Ascii.isAlnum((char) (b & 0xff))) {
                return false;
            }
        }
        return true;
    }

    private static String tag(LintRecord r) {
        return ((CAARecord) r.record()).getTag().toLowerCase(Locale.ROOT);
    }

    private static String value(CAARecord r) {
        return new String(r.getValueAsByteArray(), StandardCharsets.ISO_8859_1);
    }
}
