package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The difference between two versions of a zone, as one IXFR sequence (RFC 1995 §4) carries it:
 * the old SOA, the records deleted, the new SOA, the records added.
 */
public record ZoneDiff(SOARecord from, SOARecord to, List<Record> deleted, List<Record> added) {
    public ZoneDiff {
        deleted = List.copyOf(deleted);
        added = List.copyOf(added);
    }

    /**
     * The records of {@code older} not in {@code newer} and the reverse. A TTL change counts as a
     * delete plus an add, because dnsjava's {@link Record#equals} ignores TTLs but the wire does not.
     */
    public static ZoneDiff between(Zone older, Zone newer) {
        Set<RecordWithTtl> before = keys(withoutSoa(older));
        Set<RecordWithTtl> after = keys(withoutSoa(newer));
        List<Record> deleted = new ArrayList<>();
        for (RecordWithTtl k : before) {
            if (!after.contains(k)) {
                deleted.add(k.record());
            }
        }
        List<Record> added = new ArrayList<>();
        for (RecordWithTtl k : after) {
            if (!before.contains(k)) {
                added.add(k.record());
            }
        }
        return new ZoneDiff(older.soa(), newer.soa(), deleted, added);
    }

    /** The number of records this diff puts on the wire, for bounding the journal. */
    public int size() {
        return deleted.size() + added.size() + 2;
    }

    /** {@link Zone#records()} lists the SOA first; the diff carries the SOAs separately. */
    private static List<Record> withoutSoa(Zone zone) {
        return zone.records().subList(1, zone.records().size());
    }

    private static Set<RecordWithTtl> keys(List<Record> records) {
        Set<RecordWithTtl> set = new LinkedHashSet<>();
        for (Record r : records) {
            set.add(new RecordWithTtl(r, r.getTTL()));
        }
        return set;
    }

    private record RecordWithTtl(Record record, long ttl) {}
}
