package dev.tomldns.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.Zone;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** RFC 1995 §4: the history of differences IXFR answers from, and when it must give up. */
class Rfc1995IxfrJournalTest {
    static final Name ORIGIN = Name.fromConstantString("j.test.");

    static Zone version(long serial, String address, long ttl) throws Exception {
        SOARecord soa = new SOARecord(ORIGIN, DClass.IN, 300, ORIGIN, ORIGIN, serial, 1, 1, 1, 1);
        Record www = new ARecord(Name.fromString("www", ORIGIN), DClass.IN, ttl, InetAddress.getByName(address));
        Record fixed = new ARecord(Name.fromString("fixed", ORIGIN), DClass.IN, 300, InetAddress.getByName("192.0.2.1"));
        return Zone.build(soa, List.of(fixed, www));
    }

    @Test
    void chainsDiffsFromTheClientSerialToTheCurrentOne() throws Exception {
        IxfrJournal j = new IxfrJournal(10, 1000);
        Zone v1 = version(1, "192.0.2.10", 300);
        Zone v2 = version(2, "192.0.2.20", 300);
        Zone v3 = version(3, "192.0.2.20", 60);
        j.zoneChanged(null, v1);
        j.zoneChanged(v1, v2);
        j.zoneChanged(v2, v3);
        List<ZoneDiff> chain = j.chain(ORIGIN, 1, 3).orElseThrow();
        assertEquals(2, chain.size());
        assertEquals(List.of(v1.records().get(2)), chain.get(0).deleted());
        assertEquals(List.of(v2.records().get(2)), chain.get(0).added());
        // A TTL change is a delete and an add: Record.equals ignores the TTL, the wire does not.
        assertEquals(1, chain.get(1).deleted().size());
        assertEquals(60, chain.get(1).added().get(0).getTTL());
        assertEquals(1, j.chain(ORIGIN, 2, 3).orElseThrow().size());
        assertTrue(j.chain(ORIGIN, 7, 3).isEmpty(), "unknown serial: full transfer");
    }

    @Test
    void historyIsBoundedAndForgetsTheOldest() throws Exception {
        IxfrJournal j = new IxfrJournal(2, 1000);
        Zone prev = version(1, "192.0.2.1", 300);
        for (int s = 2; s <= 5; s++) {
            Zone next = version(s, "192.0.2." + s, 300);
            j.zoneChanged(prev, next);
            prev = next;
        }
        assertTrue(j.chain(ORIGIN, 2, 5).isEmpty());
        assertEquals(2, j.chain(ORIGIN, 3, 5).orElseThrow().size());
    }

    @Test
    void aSerialThatDoesNotRiseClearsTheHistory() throws Exception {
        IxfrJournal j = new IxfrJournal(10, 1000);
        Zone v1 = version(1, "192.0.2.1", 300);
        Zone v2 = version(2, "192.0.2.2", 300);
        j.zoneChanged(v1, v2);
        j.zoneChanged(v2, version(2, "192.0.2.3", 300));
        assertTrue(j.chain(ORIGIN, 1, 2).isEmpty());
    }
}
