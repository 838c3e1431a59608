package dev.tomldns.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * RFC 1995 §4: a diff holds the old SOA, the records deleted, the new SOA, the records added. {@link ZoneDiff}
 * compares names by their stored octets and makes records only where those differ; these tests pin it to the plain
 * definition (every record of one version, as a set with TTLs, minus the other's).
 */
class Rfc1995ZoneDiffTest {
    private static final Name ORIGIN = Name.fromConstantString("d.test.");

    @Test
    void aSerialBumpAloneIsAnEmptyDiff() throws Exception {
        List<Record> records = randomRecords(new Random(1), 200);
        ZoneDiff diff = ZoneDiff.between(zone(1, records), zone(2, records));
        assertEquals(List.of(), diff.deleted());
        assertEquals(List.of(), diff.added());
        assertEquals(1, diff.from().getSerial());
        assertEquals(2, diff.to().getSerial());
    }

    @Test
    void aTtlChangeIsADeleteAndAnAdd() throws Exception {
        Record a = new ARecord(new Name("www", ORIGIN), DClass.IN, 300, InetAddress.getByName("192.0.2.1"));
        Record shorter = new ARecord(new Name("www", ORIGIN), DClass.IN, 60, InetAddress.getByName("192.0.2.1"));
        ZoneDiff diff = ZoneDiff.between(zone(1, List.of(a)), zone(2, List.of(shorter)));
        assertEquals(1, diff.deleted().size());
        assertEquals(300, diff.deleted().get(0).getTTL());
        assertEquals(60, diff.added().get(0).getTTL());
    }

    @Test
    void reorderedOrRecasedRecordsAreNoChange() throws Exception {
        Name www = new Name("www", ORIGIN);
        Record one = new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.1"));
        Record two = new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.2"));
        Record upper = new ARecord(new Name("WWW", ORIGIN), DClass.IN, 300, InetAddress.getByName("192.0.2.2"));
        ZoneDiff diff = ZoneDiff.between(zone(1, List.of(one, two)), zone(2, List.of(upper, one)));
        assertTrue(diff.deleted().isEmpty() && diff.added().isEmpty(), diff.toString());
    }

    /** Random edits (changed data and TTLs, names gone and new, letter case) against the plain definition. */
    @Test
    void agreesWithTheSetDifferenceOfAllRecords() throws Exception {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            List<Record> before = randomRecords(rnd, 150);
            List<Record> after = edit(rnd, before);
            Zone older = zone(10, before);
            Zone newer = zone(11, after);
            ZoneDiff diff = ZoneDiff.between(older, newer);
            assertEquals(setDifference(older, newer), diff.deleted(), "deleted, seed " + seed);
            assertEquals(setDifference(newer, older), diff.added(), "added, seed " + seed);
        }
    }

    private static Zone zone(long serial, List<Record> records) throws Exception {
        return Zone.build(new SOARecord(ORIGIN, DClass.IN, 300, new Name("ns", ORIGIN), ORIGIN, serial, 1, 1, 1, 1),
                records);
    }

    private static Name name(Random rnd) throws Exception {
        return new Name("h" + rnd.nextInt(60) + (rnd.nextInt(4) == 0 ? ".sub" : ""), ORIGIN);
    }

    private static Record randomRecord(Random rnd, Name owner) throws Exception {
        long ttl = rnd.nextBoolean() ? 300 : 3600;
        return switch (rnd.nextInt(3)) {
            case 0 -> new ARecord(owner, DClass.IN, ttl, InetAddress.getByName("192.0.2." + rnd.nextInt(8)));
            case 1 -> new TXTRecord(owner, DClass.IN, ttl, "v=" + rnd.nextInt(5));
            default -> new ARecord(owner, DClass.IN, ttl, InetAddress.getByName("198.51.100." + rnd.nextInt(4)));
        };
    }

    private static List<Record> randomRecords(Random rnd, int n) throws Exception {
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(randomRecord(rnd, name(rnd)));
        }
        out.add(new CNAMERecord(new Name("alias", ORIGIN), DClass.IN, 300, new Name("h1", ORIGIN)));
        return out;
    }

    private static List<Record> edit(Random rnd, List<Record> before) throws Exception {
        List<Record> out = new ArrayList<>();
        for (Record r : before) {
            switch (rnd.nextInt(12)) {
                case 0 -> { } // dropped
                case 1 -> out.add(randomRecord(rnd, r.getName())); // new data or TTL at the same name
                case 2 -> out.add(r.withName(new Name(r.getName().toString().toUpperCase()))); // letter case only
                case 3 -> {
                    out.add(r);
                    out.add(randomRecord(rnd, name(rnd)));
                }
                default -> out.add(r);
            }
        }
        java.util.Collections.shuffle(out, rnd);
        return out;
    }

    /** The plain definition: every record of {@code a} (SOA aside) with its TTL that {@code b} lacks. */
    private static List<Record> setDifference(Zone a, Zone b) {
        Set<List<Object>> there = new LinkedHashSet<>();
        for (Record r : b.records()) {
            there.add(List.of(r, r.getTTL()));
        }
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<Record> out = new ArrayList<>();
        for (Record r : a.records().subList(1, a.records().size())) {
            List<Object> key = List.of(r, r.getTTL());
            if (!there.contains(key) && seen.add(key)) {
                out.add(r);
            }
        }
        return out;
    }
}
