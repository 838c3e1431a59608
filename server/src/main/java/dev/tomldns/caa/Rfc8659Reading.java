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
     * Tags a CA is taken to recognize: RFC 8659's three, plus those registered since (RFC 9495 issuemail, the
     * CA/Browser Forum's contactemail/contactphone), which a CA must at least not treat as unknown-critical.
     */
    static final Set<String> RECOGNIZED = Set.of("issue", "issuewild", "iodef", "issuemail", "contactemail",
            "contactphone");

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
        for (CAARecord r : set) {
            String refusal = refusal(r, request);
            if (refusal == null) {
                return Verdict.allow(CaaReading.show(r) + " authorizes " + request.ca() + conditions(r, request)
                        + " (RFC 8659 §4.2" + (useWild ? ", §4.3" : "") + ")", r);
            }
            refusals.add(refusal);
        }
        return Verdict.deny("no " + kind + " property authorizes " + request.ca() + ": " + String.join("; ", refusals)
                + " (RFC 8659 §4.2" + (useWild ? ", §4.3" : "") + ")", set.get(0));
    }

    /** Why {@code r} does not authorize the request, or {@code null} when it does. */
    private static String refusal(CAARecord r, CaaRequest request) {
        IssueValue v = IssueValue.parse(r.getValueAsByteArray());
        String shown = CaaReading.show(r);
        if (!v.wellFormed()) {
            return shown + " is malformed (" + String.join(", ", v.problems()) + "), so it names no CA and "
                    + "authorizes none";
        }
        if (v.namesNoIssuer()) {
            return shown + " names no CA: it means \"no CA may issue\"";
        }
        if (!v.issuer().equalsIgnoreCase(request.ca())) {
            return shown + " names " + v.issuer() + ", not " + request.ca();
        }
        String account = v.params().get("accounturi");
        if (account != null && request.account() != null && !account.equals(request.account())) {
            return shown + " is for the ACME account " + account + " only (RFC 8657 §3)";
        }
        String methods = v.params().get("validationmethods");
        if (methods != null && request.method() != null
                && !Arrays.asList(methods.split(",")).contains(request.method())) {
            return shown + " allows only the validation methods " + methods + ", not " + request.method()
                    + " (RFC 8657 §4)";
        }
        return null;
    }

    /** The RFC 8657 limits a matching property puts on issuance that the request left unsaid. */
    static String conditions(CAARecord r, CaaRequest request) {
        IssueValue v = IssueValue.parse(r.getValueAsByteArray());
        StringBuilder out = new StringBuilder();
        if (v.params().containsKey("validationmethods") && request.method() == null) {
            out.append(", only when validated with ").append(v.params().get("validationmethods"));
        }
        if (v.params().containsKey("accounturi") && request.account() == null) {
            out.append(", only for the ACME account ").append(v.params().get("accounturi"));
        }
        return out.toString();
    }

    static List<CAARecord> withTag(List<CAARecord> rrset, String tag) {
        return rrset.stream().filter(r -> CaaReading.tagOf(r).equals(tag)).toList();
    }
}
