package dev.tomldns.zone.toml;

import dev.tomldns.zone.SourcedRecord;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone's records grouped by owner name, the names in the order they first come and each name's records in file
 * order, for the zone-wide checks. Held in a few int arrays and one open-addressing table rather than a map entry
 * and a list per name: for a million records those small objects were alive throughout the checks and copied by
 * every garbage collection in between.
 *
 * <p>Groups hold indices into the record list, so a record replaced in it (a TTL lowered to its RRset's) is seen
 * in its new form.
 */
final class RecordsByName {
    private final List<SourcedRecord> records;
    /** Per record: the next record of the same name, or -1. */
    private final int[] next;
    /** Per group: its first and last record. */
    private final int[] first;
    private final int[] last;
    private int groups;
    /** Open addressing: a name and its group in each slot; the table is at most half full. */
    private final Name[] slotName;
    private final int[] slotGroup;
    private final int mask;
    /** 32 minus the table's bit count: a hash's top bits after the multiply pick its slot. */
    private final int shift;

    private RecordsByName(List<SourcedRecord> records) {
        this.records = records;
        int n = records.size();
        next = new int[n];
        first = new int[n];
        last = new int[n];
        int capacity = Integer.highestOneBit(Math.max(8, n) * 2 - 1) * 2; // a power of two over 2n
        slotName = new Name[capacity];
        slotGroup = new int[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    static RecordsByName of(List<SourcedRecord> records) {
        RecordsByName by = new RecordsByName(records);
        Name lastName = null;
        int lastGroup = -1;
        for (int i = 0; i < records.size(); i++) {
            Name name = records.get(i).record().getName();
            // A name's records usually stand together and share one Name (see the reader): no lookup for those.
            int g = name == lastName ? lastGroup : by.groupOf(name, i);
            if (by.first[g] != i) {
                by.next[by.last[g]] = i;
            }
            by.last[g] = i;
            by.next[i] = -1;
            lastName = name;
            lastGroup = g;
        }
        return by;
    }

    /** The group of {@code name}, made with record {@code i} as its first when the name is new. */
    private int groupOf(Name name, int i) {
        int slot = slot(name);
        if (slotName[slot] != null) {
            return slotGroup[slot];
        }
        slotName[slot] = name;
        slotGroup[slot] = groups;
        first[groups] = i;
        return groups++;
    }

    /** The slot holding {@code name}, or the empty slot where it would go. */
    private int slot(Name name) {
        int h = name.hashCode();
        int slot = (h * 0x9e3779b9) >>> shift; // Fibonacci hashing: spreads Name's weak hash over the table
        for (int probes = 0; probes <= mask; probes++) {
            Name at = slotName[slot];
            if (at == null || at == name || at.equals(name)) {
                return slot;
            }
            slot = slot + 1 & mask;
        }
        throw new IllegalStateException("name table full"); // cannot happen: it is at most half full
    }

    /** How many names. */
    int size() {
        return groups;
    }

    /** The owner name of group {@code g}. */
    Name name(int g) {
        return records.get(first[g]).record().getName();
    }

    /** The records of group {@code g} in file order (a new list). */
    List<SourcedRecord> records(int g) {
        int i = first[g];
        if (next[i] < 0) {
            return List.of(records.get(i));
        }
        List<SourcedRecord> out = new ArrayList<>(4);
        for (; i >= 0; i = next[i]) {
            out.add(records.get(i));
        }
        return out;
    }

    /** The group of {@code name}, or -1. */
    int indexOf(Name name) {
        int slot = slot(name);
        return slotName[slot] == null ? -1 : slotGroup[slot];
    }
}
