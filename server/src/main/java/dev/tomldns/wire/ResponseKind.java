package dev.tomldns.wire;

import java.util.Locale;

/**
 * What a response tells its receiver, in the classes response rate limiting counts separately (BIND's
 * {@code responses-per-second}, {@code nodata-per-second}, {@code nxdomains-per-second},
 * {@code referrals-per-second}, {@code errors-per-second}; Knot's RRL classes).
 */
public enum ResponseKind {
    /** NOERROR with records in the answer section (data, or a CNAME/DNAME chain). */
    ANSWER,
    /** NOERROR, authoritative, nothing in the answer section (RFC 2308 §2.2 NODATA). */
    NODATA,
    /** Name error (RFC 2308 §2.1). */
    NXDOMAIN,
    /** NOERROR, not authoritative, NS in authority: a delegation (RFC 1034 §4.3.2 step 3b). */
    REFERRAL,
    /** Any other rcode: FORMERR, SERVFAIL, NOTIMP, REFUSED, BADVERS, ... */
    ERROR;

    /** The metric tag: the lower-case name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
