package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tomldns.zone.SourcedRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * {@link RecordsByName} groups exactly as a {@link LinkedHashMap} keyed by {@link Name} does: names (compared as
 * DNS compares them, without regard to case) in the order they first come, each named as first written, and each
 * name's records in file order, also when a name comes back later and when names share a hash code.
 */
class RecordsByNameTest {

    @Test
    void groupsAsAMapByNameWould() throws Exception {
        Name origin = Name.fromString("by.test.");
        Random rnd = new Random(1034);
        for (int round = 0; round < 40; round++) {
            List<SourcedRecord> records = new ArrayList<>();
            Name previous = null;
            int count = 1 + rnd.nextInt(3000);
            for (int i = 0; i < count; i++) {
                Name name;
                if (previous != null && rnd.nextInt(3) == 0) {
                    name = previous; // the same Name again, as the reader shares it within a run
                } else {
                    // h10 and h09 (and many more) share Name's hash code; upper case is the same name
                    String label = "h" + rnd.nextInt(count / 2 + 1);
                    name = Name.fromString(rnd.nextInt(7) == 0 ? label.toUpperCase() : label, origin);
                }
                previous = name;
                records.add(new SourcedRecord(new ARecord(name, DClass.IN, 60,
                        InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})), i + 1));
            }
            Map<Name, List<SourcedRecord>> expected = new LinkedHashMap<>();
            for (SourcedRecord sr : records) {
                expected.computeIfAbsent(sr.record().getName(), n -> new ArrayList<>()).add(sr);
            }
            RecordsByName by = RecordsByName.of(records);
            assertEquals(expected.size(), by.size());
            int g = 0;
            for (var e : expected.entrySet()) {
                assertSame(e.getValue().get(0).record().getName(), by.name(g), "the name as first written");
                assertEquals(e.getValue(), by.records(g));
                assertEquals(g, by.indexOf(e.getKey()));
                g++;
            }
            assertEquals(-1, by.indexOf(Name.fromString("absent", origin)));
        }
    }

    @Test
    void noRecordsNoNames() {
        assertEquals(0, RecordsByName.of(List.of()).size());
    }
}
