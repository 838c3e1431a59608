package dev.tomldns.caa;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CAARecord;

/**
 * Issuance decided as Let's Encrypt's boulder actually does it ({@code va/caa.go}: filterCAA, validateCAA,
 * parseCAARecord, caaDomainMatches, caaAccountURIMatches, caaValidationMethodMatches). Where it departs from
 * RFC 8659:
 * <ul>
 *   <li>only issue, issuewild and iodef are known; any other tag with flag bit 128 <em>or bit 1</em> blocks
 *       issuance (bit 1 is taken as a common misreading of the critical bit);</li>
 *   <li>the issuer is compared to {@code letsencrypt.org} exactly: case and a trailing dot matter;</li>
 *   <li>the issuer is not checked against the ABNF: only a parameter that is not {@code tag=value} (a stray
 *       {@code ;} included) makes boulder skip the record;</li>
 *   <li>for a wildcard name whose RRset has neither issuewild nor issue (only iodef, say), issuance is refused.</li>
 * </ul>
 */
public final class LetsEncryptReading implements CaaReading {

    /** The issuer domain boulder is configured with in production. */
    public static final String ISSUER = "letsencrypt.org";

    private static final Set<String> KNOWN = Set.of("issue", "issuewild", "iodef");
    private static final Set<String> ACME_METHODS = Set.of("http-01", "dns-01", "tls-alpn-01");

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
                return Verdict.deny(CaaReading.show(r) + ": boulder knows only issue, issuewild and iodef, and "
                        + "treats flag 128 and flag 1 as critical on any other tag", r);
            }
        }
        List<CAARecord> issue = Rfc8659Reading.withTag(rrset, "issue");
        List<CAARecord> wild = Rfc8659Reading.withTag(rrset, "issuewild");
        if (issue.isEmpty() && !request.wildcard()) {
            return Verdict.allow("the CAA RRset has no issue property, so nothing restricts a non-wildcard "
                    + "certificate", null);
        }
        List<CAARecord> set = request.wildcard() && !wild.isEmpty() ? wild : issue;
        List<String> refusals = new ArrayList<>();
        for (CAARecord r : set) {
            String refusal = refusal(r, request);
            if (refusal == null) {
                return Verdict.allow(CaaReading.show(r) + " authorizes " + ISSUER
                        + Rfc8659Reading.conditions(r, request), r);
            }
            refusals.add(refusal);
        }
        if (set.isEmpty()) {
            return Verdict.deny("a wildcard certificate was asked for and the CAA RRset has neither issuewild nor "
                    + "issue: boulder then finds no authorizing record and refuses", null);
        }
        return Verdict.deny("no property authorizes " + ISSUER + ": " + String.join("; ", refusals), set.get(0));
    }

    private static String refusal(CAARecord r, CaaRequest request) {
        String shown = CaaReading.show(r);
        Map<String, String> params = new HashMap<>();
        String domain = parse(CaaReading.valueOf(r), params);
        if (domain == null) {
            return shown + " has a parameter boulder cannot parse, so boulder skips the record";
        }
        if (domain.isEmpty()) {
            return shown + " names no CA: no CA may issue";
        }
        if (!domain.equals(ISSUER)) {
            String same = domain.equalsIgnoreCase(ISSUER) || domain.equalsIgnoreCase(ISSUER + ".")
                    ? " (boulder compares the text exactly: write it lower-case, without a trailing dot)" : "";
            return shown + " names " + IssueValue.presentation(domain) + ", not \"" + ISSUER + "\"" + same;
        }
        String account = params.get("accounturi");
        if (account != null && !accountMatches(account, request.account())) {
            return shown + " is for the ACME account " + account + " only";
        }
        String methods = params.get("validationmethods");
        if (methods != null && !methodMatches(methods, request.method())) {
            return shown + " allows only the validation methods " + methods
                    + (request.method() == null ? "" : ", not " + request.method());
        }
        return null;
    }

    /** boulder's parseCAARecord: the issuer text before the first ';', or {@code null} when a parameter fails. */
    static String parse(String value, Map<String, String> params) {
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
            params.put(tag, val);
        }
        return domain;
    }

    private static boolean accountMatches(String accountUri, String requested) {
        try {
            new URI(accountUri);
        } catch (URISyntaxException e) {
            return false;
        }
        // Without --account the user has not said which account: the match is left as a condition.
        return requested == null || accountUri.equals(requested);
    }

    /** boulder's caaValidationMethodMatches: any malformed entry rejects the record; unknown methods are skipped. */
    private static boolean methodMatches(String methods, String requested) {
        boolean any = false;
        for (String m : methods.split(",", -1)) {
            if (!isMethodName(m)) {
                return false;
            }
            if (ACME_METHODS.contains(m)) {
                any = true;
                if (m.equals(requested)) {
                    return true;
                }
            }
        }
        return requested == null && any;
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
