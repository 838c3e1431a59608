package dev.tomldns.caa;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CAARecord;

/**
 * Issuance decided as Let's Encrypt's boulder actually does it ({@code va/caa.go}: filterCAA, validateCAA,
 * parseCAARecord, caaDomainMatches, caaAccountURIMatches, caaValidationMethodMatches). Where it departs from
 * RFC 8659:
 * <ul>
 *   <li>issue, issuewild, iodef, issuemail and issuevmc are known; any other tag with flag bit 128 <em>or bit
 *       1</em> blocks issuance (bit 1 is taken as a common misreading of the critical bit);</li>
 *   <li>the issuer is compared to {@code letsencrypt.org} exactly: case and a trailing dot matter;</li>
 *   <li>the issuer is not checked against the ABNF: only a parameter that is not {@code tag=value} (a stray
 *       {@code ;} included) makes boulder skip the record.</li>
 * </ul>
 * As the RFC says, a relevant RRset with no issue (or, for a wildcard, neither issuewild nor issue) property
 * restricts nothing; a property with accounturi or validationmethods twice authorizes nothing.
 */
public final class LetsEncryptReading implements CaaReading {

    /** The issuer domain boulder is configured with in production. */
    public static final String ISSUER = "letsencrypt.org";

    /** filterCAA: the tags boulder recognizes, so a critical flag on them does not block it. */
    private static final Set<String> KNOWN = Set.of("issue", "issuewild", "iodef", "issuemail", "issuevmc");
    /** core.AcmeChallenge.IsValid: the methods boulder validates with. */
    private static final Set<String> ACME_METHODS = Set.of("http-01", "dns-01", "tls-alpn-01", "dns-account-01",
            "dns-persist-01");

    @Override
    public String name() {
        return "Let's Encrypt (boulder va/caa.go)";
    }

    @Override
    public Verdict evaluate(List<CAARecord> rrset, CaaRequest request) {
        if (rrset.isEmpty()) {
            return Verdict.allow("no CAA records found: Let's Encrypt issues", null);
        }
        for (CAARecord r : rrset) {
            if (!KNOWN.contains(CaaReading.tagOf(r)) && (r.getFlags() & (128 | 1)) != 0) {
                return Verdict.deny(CaaReading.show(r) + ": boulder knows issue, issuewild, iodef, issuemail and "
                        + "issuevmc, and treats flag 128 and flag 1 as critical on any other tag", r);
            }
        }
        List<CAARecord> issue = Rfc8659Reading.withTag(rrset, "issue");
        List<CAARecord> wild = Rfc8659Reading.withTag(rrset, "issuewild");
        // validateCAA: issuewild replaces issue for a wildcard when there is one; no relevant property, no limit.
        boolean useWild = request.wildcard() && !wild.isEmpty();
        List<CAARecord> set = useWild ? wild : issue;
        if (set.isEmpty()) {
            return Verdict.allow("the CAA RRset has no " + (request.wildcard() ? "issuewild or issue" : "issue")
                    + " property, so nothing restricts this certificate", null);
        }
        List<String> refusals = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        CAARecord conditional = null;
        for (CAARecord r : set) {
            Rfc8659Reading.Match m = match(r, request);
            if (m.refusal() == null && m.condition() == null) {
                return Verdict.allow(CaaReading.show(r) + " authorizes " + ISSUER, r);
            }
            if (m.refusal() != null) {
                refusals.add(m.refusal());
            } else {
                conditions.add(m.condition());
                conditional = conditional == null ? r : conditional;
            }
        }
        if (conditional != null) {
            return Verdict.onlyIf("boulder issues only " + String.join("; or ", conditions) + ", and the question did "
                    + "not say which (give --account and --method)", conditional, conditions);
        }
        return Verdict.deny("no property authorizes " + ISSUER + ": " + String.join("; ", refusals), set.get(0));
    }

    private static Rfc8659Reading.Match match(CAARecord r, CaaRequest request) {
        String shown = CaaReading.show(r);
        List<String[]> params = new ArrayList<>();
        String domain = parse(CaaReading.valueOf(r), params);
        if (domain == null) {
            return Rfc8659Reading.Match.refuses(shown + " has a parameter boulder cannot parse, so boulder skips "
                    + "the record");
        }
        if (domain.isEmpty()) {
            return Rfc8659Reading.Match.refuses(shown + " names no CA: no CA may issue");
        }
        if (!domain.equals(ISSUER)) {
            String same = domain.equalsIgnoreCase(ISSUER) || domain.equalsIgnoreCase(ISSUER + ".")
                    ? " (boulder compares the text exactly: write it lower-case, without a trailing dot)" : "";
            return Rfc8659Reading.Match.refuses(shown + " names " + IssueValue.presentation(domain) + ", not \""
                    + ISSUER + "\"" + same);
        }
        List<String> accounts = values(params, "accounturi");
        List<String> methodLists = values(params, "validationmethods");
        // caaAccountURIMatches, caaValidationMethodMatches: a parameter given twice is unsatisfiable.
        if (accounts.size() > 1) {
            return Rfc8659Reading.Match.refuses(shown + " gives accounturi more than once: boulder reads that as "
                    + "unsatisfiable (RFC 8657 §3)");
        }
        if (methodLists.size() > 1) {
            return Rfc8659Reading.Match.refuses(shown + " gives validationmethods more than once: boulder reads "
                    + "that as unsatisfiable");
        }
        List<String> unsaid = new ArrayList<>();
        if (!accounts.isEmpty()) {
            String account = accounts.get(0);
            if (!isUri(account)) {
                return Rfc8659Reading.Match.refuses(shown + " has an accounturi that is not a URI, which no account "
                        + "matches");
            }
            if (request.account() == null) {
                unsaid.add("for the ACME account " + account);
            } else if (!account.equals(request.account())) {
                return Rfc8659Reading.Match.refuses(shown + " is for the ACME account " + account + " only");
            }
        }
        if (!methodLists.isEmpty()) {
            List<String> allowed = new ArrayList<>();
            for (String m : methodLists.get(0).split(",", -1)) {
                // Any malformed entry rejects the record; methods boulder does not know are skipped.
                if (!isMethodName(m)) {
                    return Rfc8659Reading.Match.refuses(shown + " has the malformed validation method '" + m
                            + "', so boulder skips the record");
                }
                if (ACME_METHODS.contains(m)) {
                    allowed.add(m);
                }
            }
            if (allowed.isEmpty()) {
                return Rfc8659Reading.Match.refuses(shown + " allows only validation methods boulder does not use ("
                        + methodLists.get(0) + ")");
            }
            if (request.method() == null) {
                unsaid.add("validated with " + String.join(" or ", allowed));
            } else if (!allowed.contains(request.method())) {
                return Rfc8659Reading.Match.refuses(shown + " allows only the validation methods "
                        + String.join(",", allowed) + ", not " + request.method());
            }
        }
        return unsaid.isEmpty() ? Rfc8659Reading.Match.AUTHORIZES
                : new Rfc8659Reading.Match(null, String.join(", ", unsaid) + " (" + shown + ")");
    }

    /**
     * boulder's parseCAARecord: the issuer text before the first ';' and the parameters in order, or {@code null}
     * when a parameter is not {@code tag=value} with a letters-and-digits tag and a printable value.
     */
    static String parse(String value, List<String[]> params) {
        String[] parts = value.split(";", -1);
        String domain = IssueValue.trimWsp(parts[0]);
        if (parts.length == 2 && IssueValue.trimWsp(parts[1]).isEmpty()) {
            return domain;
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                return null;
            }
            String tag = IssueValue.trimWsp(parts[i].substring(0, eq));
            String val = IssueValue.trimWsp(parts[i].substring(eq + 1));
            if (!allAlnum(tag) || !IssueValue.isParameterValue(val)) {
                return null;
            }
            params.add(new String[] {tag, val});
        }
        return domain;
    }

    private static List<String> values(List<String[]> params, String tag) {
        List<String> out = new ArrayList<>(1);
        for (String[] p : params) {
            if (p[0].equals(tag)) {
                out.add(p[1]);
            }
        }
        return out;
    }

    private static boolean isUri(String s) {
        try {
            new URI(s);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** boulder's parameter-tag test: ASCII letters and digits only (an empty tag passes). */
    private static boolean allAlnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!IssueValue.isAlnum(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** boulder's validationMethodRegexp {@code ^[[:alnum:]-]+$}, read in one pass. */
    static boolean isMethodName(String m) {
        if (m.isEmpty()) {
            return false;
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (!IssueValue.isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }
}
