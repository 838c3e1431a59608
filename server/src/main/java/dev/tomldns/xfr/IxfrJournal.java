package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Serial;

/**
 * A bounded history of differences between successive versions of each zone, fed by reloads and
 * secondary refreshes, from which IXFR (RFC 1995) answers are built. When a client's serial has
 * fallen out of the history, the answer is a full transfer instead (RFC 1995 §4).
 */
public final class IxfrJournal implements ZoneChangeListener {
    private final int maxDiffs;
    private final int maxRecords;
    private final Map<Name, Deque<ZoneDiff>> diffs = new ConcurrentHashMap<>();

    /**
     * @param maxDiffs how many versions back a client may be and still get an incremental answer
     * @param maxRecords the total records kept per zone; the oldest diffs go first
     */
    public IxfrJournal(int maxDiffs, int maxRecords) {
        this.maxDiffs = maxDiffs;
        this.maxRecords = maxRecords;
    }

    @Override
    public void zoneChanged(Zone older, Zone newer) {
        if (newer == null) {
            diffs.remove(older.origin());
            return;
        }
        if (older == null) {
            return;
        }
        Name origin = newer.origin();
        if (Serial.compare(newer.serial(), older.serial()) <= 0) {
            // Same or lower serial with new content: old serials no longer name one version, so the
            // history cannot be trusted; clients fall back to a full transfer.
            diffs.remove(origin);
            return;
        }
        Deque<ZoneDiff> d = diffs.computeIfAbsent(origin, k -> new ArrayDeque<>());
        synchronized (d) {
            if (!d.isEmpty() && d.peekLast().to().getSerial() != older.serial()) {
                d.clear();
            }
            d.addLast(ZoneDiff.between(older, newer));
            int total = d.stream().mapToInt(ZoneDiff::size).sum();
            while (d.size() > maxDiffs || (total > maxRecords && !d.isEmpty())) {
                total -= d.removeFirst().size();
            }
        }
    }

    /**
     * The diffs leading from {@code clientSerial} to {@code currentSerial}, or empty when the history
     * does not reach back that far (or does not end at the served version).
     */
    public Optional<List<ZoneDiff>> chain(Name origin, long clientSerial, long currentSerial) {
        Deque<ZoneDiff> d = diffs.get(origin);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            List<ZoneDiff> out = new ArrayList<>();
            boolean started = false;
            for (ZoneDiff diff : d) {
                if (!started && diff.from().getSerial() == clientSerial) {
                    started = true;
                }
                if (started) {
                    out.add(diff);
                }
            }
            if (!started || out.get(out.size() - 1).to().getSerial() != currentSerial) {
                return Optional.empty();
            }
            return Optional.of(out);
        }
    }
}
