package dev.tomldns.caa;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;

/**
 * Answers "may this CA issue here?" as a CA would: the RFC 8659 §3 search for the relevant RRset, then the
 * issuance rules of §4 (and, for Let's Encrypt, boulder's actual rules, since that is what will happen).
 */
public final class CaaAuthority {
    private final CaaLookup lookup;
    private final CaaReading rfc = new Rfc8659Reading();

    public CaaAuthority(CaaLookup lookup) {
        this.lookup = lookup;
    }

    public CaaDecision decide(CaaRequest request) {
        List<CaaAnswer> trail = new ArrayList<>();
        CaaAnswer relevant = null;
        CaaAnswer failure = null;
        // RFC 8659 §3: ask at the name, then at each parent, up to (not including) the root; the first non-empty
        // CAA RRset is the relevant one. The loop is bounded by the label count.
        Name x = request.name();
        while (x.labels() > 1) {
            CaaAnswer answer = lookup.lookup(x);
            trail.add(answer);
            if (answer.status() == CaaAnswer.Status.FAILED) {
                failure = answer;
                break;
            }
            if (answer.status() == CaaAnswer.Status.FOUND) {
                relevant = answer;
                break;
            }
            x = new Name(x, 1);
        }
        if (failure != null) {
            Verdict deny = Verdict.deny("the CAA lookup at " + failure.asked() + " failed (" + failure.detail()
                    + "); a CA cannot tell whether records hide behind the failure and refuses", null);
            return new CaaDecision(request, trail, null, deny, caReading(request) == null ? null : deny,
                    caName(request));
        }
        List<CAARecord> rrset = relevant == null ? List.of() : relevant.records();
        CaaReading ca = caReading(request);
        return new CaaDecision(request, trail, relevant, rfc.evaluate(rrset, request),
                ca == null ? null : ca.evaluate(rrset, request), caName(request));
    }

    /** The model of the CA's real code, when we have one. */
    private static CaaReading caReading(CaaRequest request) {
        return LetsEncryptReading.ISSUER.equals(request.ca()) ? new LetsEncryptReading() : null;
    }

    private static String caName(CaaRequest request) {
        CaaReading r = caReading(request);
        return r == null ? null : r.name();
    }
}
