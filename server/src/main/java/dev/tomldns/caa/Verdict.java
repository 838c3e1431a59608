package dev.tomldns.caa;

import java.util.List;
import org.xbill.DNS.CAARecord;

/**
 * One reading's answer to "may this CA issue?": yes or no, why in plain words, and the property that decided it
 * ({@code null} when no single property did).
 *
 * <p>A property may authorize the CA only for one ACME account (RFC 8657 §3 accounturi) or only with some
 * validation methods (§4 validationmethods). When the question leaves the account or method unsaid, the answer is
 * not "allowed": {@code onlyIf} then lists the ways issuance would be allowed (one per authorizing property, such
 * as "for the ACME account https://... validated with dns-01"), and {@code allowed} is false.
 *
 * @param onlyIf the conditions under which issuance would be allowed; empty for a plain yes or no
 */
public record Verdict(boolean allowed, String why, CAARecord decidedBy, List<String> onlyIf) {

    public Verdict {
        onlyIf = List.copyOf(onlyIf);
    }

    static Verdict allow(String why, CAARecord by) {
        return new Verdict(true, why, by, List.of());
    }

    static Verdict deny(String why, CAARecord by) {
        return new Verdict(false, why, by, List.of());
    }

    static Verdict onlyIf(String why, CAARecord by, List<String> conditions) {
        return new Verdict(false, why, by, conditions);
    }

    /** Issuance depends on the account or method the question did not give. */
    public boolean conditional() {
        return !onlyIf.isEmpty();
    }
}
