package dev.tomldns.http;

import dev.tomldns.dnssec.SignatureExpiry;
import dev.tomldns.dnssec.sign.ParentDs;
import dev.tomldns.zone.Diagnostic;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Readiness from the zones' state: ready while no configured zone is missing. The zone loader reports each zone
 * file (or secondary zone) as {@link #loaded} or {@link #failed}; a secondary whose SOA EXPIRE ran out
 * (RFC 1035 §3.3.13) reports itself failed until a transfer succeeds again.
 *
 * <p>Signed zones also report their earliest RRSIG expiration ({@link #signatures}). A zone whose signatures have
 * expired is served but bogus to every validating resolver (RFC 4035 §5.3.1), so it counts as not served; one whose
 * signatures expire within {@link SignatureExpiry#WARNING} is still ready, with a warning in the detail. Both are
 * judged at each check, so a zone no one re-signs turns not ready on time without a reload.
 *
 * <p>Zones whose parent is watched report what its server last said of their DS ({@link #parentDs}): DS records
 * matching no DNSKEY make the zone bogus to validating resolvers (RFC 4035 §5.2), so it counts as not served; no DS
 * (insecure), a KSK or CSK without DS, or a parent that did not answer is a warning in the detail.
 */
public final class ZoneReadiness implements Readiness {

    /** At most this many problems are listed in the /ready body; the count says the rest. */
    private static final int LISTED = 5;

    private final Map<String, String> problems = new ConcurrentSkipListMap<>();
    private final Map<String, SignatureExpiry> signatures = new ConcurrentSkipListMap<>();
    private final Map<String, ParentDs.Report> parents = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public ZoneReadiness() {
        this(Clock.systemUTC());
    }

    /** With the clock signature expiry is judged by (tests). */
    public ZoneReadiness(Clock clock) {
        this.clock = clock;
    }

    /** The zone (file or name) is served. */
    public void loaded(String zone) {
        problems.remove(zone);
    }

    /** The zone (file or name) is not served, for this reason. */
    public void failed(String zone, String reason) {
        problems.put(zone, reason);
    }

    /** The zone is no longer configured: it counts neither way. */
    public void forget(String zone) {
        problems.remove(zone);
        signatures.remove(zone);
        parents.remove(zone);
    }

    /** The served version of {@code zone} has this earliest RRSIG, or none ({@code null}: unsigned or not served). */
    public void signatures(String zone, SignatureExpiry earliest) {
        if (earliest == null) {
            signatures.remove(zone);
        } else {
            signatures.put(zone, earliest);
        }
    }

    /** What the parent's server last said of the zone's DS, or {@code null}: the zone's parent is not watched. */
    public void parentDs(String zone, ParentDs.Report report) {
        if (report == null) {
            parents.remove(zone);
        } else {
            parents.put(zone, report);
        }
    }

    @Override
    public Status check() {
        Instant now = clock.instant();
        StringBuilder expired = new StringBuilder();
        StringBuilder expiring = new StringBuilder();
        int expiredCount = 0;
        int expiringCount = 0;
        for (SignatureExpiry s : signatures.values()) {
            switch (s.state(now)) {
                case EXPIRED -> expiredCount = list(expired, expiredCount, s.describe(now));
                case EXPIRING -> expiringCount = list(expiring, expiringCount, s.describe(now));
                case VALID -> { }
            }
        }
        String warning = expiringCount == 0 ? "" : "; warning: " + expiringCount + " zone(s) with signatures expiring "
                + "within " + SignatureExpiry.WARNING.toHours() + "h" + expiring;
        StringBuilder bogus = new StringBuilder();
        StringBuilder atParent = new StringBuilder();
        int bogusCount = 0;
        int atParentCount = 0;
        for (ParentDs.Report r : parents.values()) {
            for (ParentDs.Report.Line line : r.lines("")) {
                if (line.severity() == Diagnostic.Severity.ERROR) {
                    bogusCount = list(bogus, bogusCount, line.text());
                } else if (line.severity() == Diagnostic.Severity.WARNING) {
                    atParentCount = list(atParent, atParentCount, line.text());
                }
            }
        }
        if (atParentCount > 0) {
            warning += "; warning: " + atParentCount + " problem(s) with the DS at the parent" + atParent;
        }
        if (problems.isEmpty() && expiredCount == 0 && bogusCount == 0) {
            return warning.isEmpty() ? READY : new Status(true, "ready" + warning);
        }
        StringBuilder detail = new StringBuilder();
        if (!problems.isEmpty()) {
            detail.append(problems.size()).append(" zone(s) not served");
            int listed = 0;
            for (Map.Entry<String, String> p : problems.entrySet()) {
                listed = list(detail, listed, p.getKey() + ": " + p.getValue());
            }
        }
        if (expiredCount > 0) {
            detail.append(detail.length() == 0 ? "" : "; ").append(expiredCount)
                    .append(" zone(s) with expired signatures").append(expired);
        }
        if (bogusCount > 0) {
            detail.append(detail.length() == 0 ? "" : "; ").append(bogusCount)
                    .append(" zone(s) whose DS at the parent matches no DNSKEY").append(bogus);
        }
        return Status.notReady(detail.append(warning).toString());
    }

    /** Appends "; item" while fewer than {@link #LISTED} are listed, "; ..." once; returns the new count. */
    private static int list(StringBuilder to, int listed, String item) {
        if (listed < LISTED) {
            to.append("; ").append(item);
        } else if (listed == LISTED) {
            to.append("; ...");
        }
        return listed + 1;
    }
}
