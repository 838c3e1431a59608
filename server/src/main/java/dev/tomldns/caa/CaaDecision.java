package dev.tomldns.caa;

import java.util.List;

/**
 * The outcome of {@link CaaAuthority#decide}: every name asked on the way up, the relevant RRset (or none), the
 * RFC's verdict and, for a CA whose real behaviour we model, that CA's verdict.
 *
 * @param request  what was asked
 * @param trail    each CAA query of the RFC 8659 §3 search, in order
 * @param relevant the answer holding the relevant RRset, or {@code null} when the search found none
 * @param rfc      RFC 8659's verdict
 * @param ca       the CA's own verdict ({@code null} when we have no model of that CA)
 * @param caName   who gave {@code ca} (e.g. "Let's Encrypt (boulder va/caa.go)"), or {@code null}
 */
public record CaaDecision(CaaRequest request, List<CaaAnswer> trail, CaaAnswer relevant, Verdict rfc, Verdict ca,
                          String caName) {

    /** The prediction: the CA's own reading when we have one, else the RFC's. */
    public Verdict verdict() {
        return ca != null ? ca : rfc;
    }

    public boolean allowed() {
        return verdict().allowed();
    }

    /** Not allowed as asked, but allowed for an account or method the question left unsaid. */
    public boolean conditional() {
        return verdict().conditional();
    }

    /** The CA's code reaches another verdict than the RFC. */
    public boolean readingsDiffer() {
        return ca != null && (ca.allowed() != rfc.allowed() || ca.conditional() != rfc.conditional());
    }
}
