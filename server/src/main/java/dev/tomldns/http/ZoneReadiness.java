package dev.tomldns.http;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Readiness from the zones' state: ready while no configured zone is missing. The zone loader reports each zone
 * file (or secondary zone) as {@link #loaded} or {@link #failed}; a secondary whose SOA EXPIRE ran out
 * (RFC 1035 §3.3.13) reports itself failed until a transfer succeeds again.
 */
public final class ZoneReadiness implements Readiness {

    /** At most this many problems are listed in the /ready body; the count says the rest. */
    private static final int LISTED = 5;

    private final Map<String, String> problems = new ConcurrentSkipListMap<>();

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
    }

    @Override
    public Status check() {
        if (problems.isEmpty()) {
            return READY;
        }
        StringBuilder detail = new StringBuilder().append(problems.size()).append(" zone(s) not served");
        int listed = 0;
        for (Map.Entry<String, String> p : problems.entrySet()) {
            if (listed++ == LISTED) {
                detail.append("; ...");
                break;
            }
            detail.append("; ").append(p.getKey()).append(": ").append(p.getValue());
        }
        return Status.notReady(detail.toString());
    }
}
