package dev.tomldns.caa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.xbill.DNS.CAARecord;

/**
 * Issuance decided as RFC 8659 §4 (with RFC 8657 parameters) reads: critical unknown tags block, issuewild
 * replaces issue for wildcard names only, issuer names compare case-insensitively, a malformed value authorizes
 * no one.
 */
public final class Rfc8659Reading implements CaaReading {

    /**
     * Tags a CA is taken to recognize: RFC 8659's three, plus those registered since (RFC 9495 issuemail,
     * issuevmc, the CA/Browser Forum's contactemail/contactphone), which a CA must at least not treat as unknown-critical.
     */
    static final Set<String> RECOGNIZED = Set.of("issue", "issuewild", "iodef", "issuemail", "issuevmc",
            "contactemail", "contactphone");

    @Override
    public String name() {
        return "RFC 8659";
    }

    @Override
    public Verdict evaluate(List<CAARecord> rrset, CaaRequest request) {
        if (rrset.isEmpty()) {
            return Verdict.allow("no CAA record at " + request.name() + " or any parent, so CAA does not restrict "
                    + "issuance (RFC 8659 §3)", null);
        }
        for (CAARecord r : rrset) {
            // RFC 8659 §4.1: the issuer critical flag on a property the CA does not understand forbids issuance.
            if ((r.getFlags() & 128) != 0 && !RECOGNIZED.contains(CaaReading.tagOf(r))) {
                return Verdict.deny("the property " + CaaReading.show(r) + " has the critical flag (128) on the tag '"
                        + r.getTag() + "' that no CA knows, so no CA may issue (RFC 8659 §4.1)", r);
            }
        }
        List<CAARecord> issue = withTag(rrset, "issue");
        List<CAARecord> wild = withTag(rrset, "issuewild");
        // RFC 8659 §4.3: issuewild is ignored for non-wildcard names and, when present, replaces issue for wildcards.
        boolean useWild = request.wildcard() && !wild.isEmpty();
        List<CAARecord> set = useWild ? wild : issue;
        String kind = useWild ? "issuewild" : "issue";
        if (set.isEmpty()) {
            String note = !request.wildcard() && !wild.isEmpty() ? " (issuewild applies to wildcard names only)" : "";
            return Verdict.allow("the relevant RRset has no " + kind + " property" + note
                    + ", so it does not restrict issuance of this certificate (RFC 8659 §4.2, §4.3)", null);
        }
        List<String> refusals = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        CAARecord conditional = null;
        String where = " (RFC 8659 §4.2" + (useWild ? ", §4.3" : "") + ")";
        for (CAARecord r : set) {
            Match m = match(r, request);
            if (m.refusal() == null && m.condition() == null) {
                return Verdict.allow(CaaReading.show(r) + " authorizes " + request.ca() + where, r);
            }
            if (m.refusal() != null) {
                refusals.add(m.refusal());
            } else {
                conditions.add(m.condition());
                conditional = conditional == null ? r : conditional;
            }
        }
        if (conditional != null) {
            return Verdict.onlyIf(kind + " authorizes " + request.ca() + " only " + String.join("; or ", conditions)
                    + ", and the question did not say which (give --account and --method)"
                    + where.replace(")", ", RFC 8657)"),
                    conditional, conditions);
        }
        return Verdict.deny("no " + kind + " property authorizes " + request.ca() + ": " + String.join("; ", refusals)
                + where, set.get(0));
    }

    /**
     * How {@code r} answers the request: a refusal, a condition on what the request left unsaid (account, method),
     * or neither (it authorizes).
     */
    record Match(String refusal, String condition) {
        static final Match AUTHORIZES = new Match(null, null);

        static Match refuses(String why) {
            return new Match(why, null);
        }
    }

    private static Match match(CAARecord r, CaaRequest request) {
        IssueValue v = IssueValue.parse(r.getValueAsByteArray());
        String shown = CaaReading.show(r);
        if (!v.wellFormed()) {
            return Match.refuses(shown + " is malformed (" + String.join(", ", v.problems()) + "), so it names no CA "
                    + "and authorizes none");
        }
        if (v.namesNoIssuer()) {
            return Match.refuses(shown + " names no CA: it means \"no CA may issue\"");
        }
        if (!v.issuer().equalsIgnoreCase(request.ca())) {
            return Match.refuses(shown + " names " + v.issuer() + ", not " + request.ca());
        }
        String twice = v.unsatisfiableBy();
        if (twice != null) {
            return Match.refuses(shown + " gives " + twice + " more than once, which no request can satisfy (RFC 8657 "
                    + (twice.equals("accounturi") ? "§3" : "§4, §5.8") + ")");
        }
        String account = v.params().get("accounturi");
        if (account != null && request.account() != null && !account.equals(request.account())) {
            return Match.refuses(shown + " is for the ACME account " + account + " only (RFC 8657 §3)");
        }
        String methods = v.params().get("validationmethods");
        if (methods != null && request.method() != null
                && !Arrays.asList(methods.split(",")).contains(request.method())) {
            return Match.refuses(shown + " allows only the validation methods " + methods + ", not "
                    + request.method() + " (RFC 8657 §4)");
        }
        List<String> unsaid = new ArrayList<>();
        if (account != null && request.account() == null) {
            unsaid.add("for the ACME account " + account);
        }
        if (methods != null && request.method() == null) {
            unsaid.add("validated with " + String.join(" or ", methods.split(",")));
        }
        return unsaid.isEmpty() ? Match.AUTHORIZES : new Match(null, String.join(", ", unsaid) + " (" + shown + ")");
    }

    static List<CAARecord> withTag(List<CAARecord> rrset, String tag) {
        return rrset.stream().filter(r -> CaaReading.tagOf(r).equals(tag)).toList();
    }
}
