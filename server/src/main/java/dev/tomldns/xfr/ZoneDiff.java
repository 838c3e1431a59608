package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

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
     *
     * <p>Names are compared by their stored records first, and only the names whose storage differs are
     * turned into record objects: a serial bump on a million-record zone then compares octets instead of
     * building two million records (which took seconds and hundreds of MiB during every reload).
     */
    public static ZoneDiff between(Zone older, Zone newer) {
        return new ZoneDiff(older.soa(), newer.soa(), missingFrom(older, newer), missingFrom(newer, older));
    }

    /** The records of {@code from} that {@code other} lacks, in {@code from}'s order, SOA left out. */
    private static List<Record> missingFrom(Zone from, Zone other) {
        List<Record> out = new ArrayList<>();
        for (int id = 0; id < from.nameCount(); id++) {
            int otherId = other.idOf(from, id);
            if (otherId >= 0 && from.sameStorage(id, other, otherId)) {
                continue;
            }
            Set<RecordWithTtl> there = otherId < 0 ? Set.of() : keys(other.recordsAt(otherId));
            for (RecordWithTtl k : keys(from.recordsAt(id))) {
                if (!there.contains(k)) {
                    out.add(k.record());
                }
            }
        }
        return out;
    }

    /** The number of records this diff puts on the wire, for bounding the journal. */
    public int size() {
        return deleted.size() + added.size() + 2;
    }

    private static Set<RecordWithTtl> keys(List<Record> records) {
        Set<RecordWithTtl> set = new LinkedHashSet<>();
        for (Record r : records) {
            // The diff carries the SOAs separately (RFC 1995 §4).
            if (r.getType() == Type.SOA) {
                continue;
            }
            set.add(new RecordWithTtl(r, r.getTTL()));
        }
        return set;
    }

    private record RecordWithTtl(Record record, long ttl) {}
}
