package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The zone keeps names and records in compact arrays and makes dnsjava objects on demand: what comes out must be
 * what went in, letter case included (RFC 4343: case is preserved, compared without it), and the content digest
 * must see every change but the order of records and the SOA serial.
 */
class CompactZoneStoreTest {
    private static final Name ORIGIN = Name.fromConstantString("Example.COM.");

    private static SOARecord soa(long serial) throws Exception {
        return new SOARecord(ORIGIN, DClass.IN, 3600, Name.fromString("ns1.example.com."),
                Name.fromString("hostmaster.example.com."), serial, 7200, 3600, 1209600, 300);
    }

    private static Record rr(String line) throws Exception {
        String[] p = line.split(" ", 4);
        return Record.fromString(Name.fromString(p[0], ORIGIN), Type.value(p[1]), DClass.IN, Long.parseLong(p[2]),
                p[3], ORIGIN);
    }

    private static List<Record> records() throws Exception {
        return List.of(rr("@ NS 3600 ns1.example.com."), rr("WWW A 300 192.0.2.1"), rr("www A 300 192.0.2.2"),
                rr("Alias CNAME 60 Target.Example.COM."), rr("@ MX 3600 10 Mail.Example.COM."),
                rr("@ CAA 3600 0 issue \"letsencrypt.org\""), rr("deep.Empty.Nonterminal TXT 5 \"v=spf1 -all\""),
                rr("sub NS 3600 ns.sub.example.com."), rr("ns.sub AAAA 3600 2001:db8::53"),
                rr("www AAAA 300 2001:db8::1"), rr("x.y.sub A 3600 192.0.2.7"));
    }

    @Test
    void recordsComeOutAsTheyWentInLetterCaseIncluded() throws Exception {
        Zone zone = Zone.build(soa(1), records());
        List<Record> out = zone.records();
        assertEquals(soa(1), out.get(0), "the SOA comes first");
        assertEquals(new HashSet<>(records()), new HashSet<>(out.subList(1, out.size())));
        RRset www = zone.rrset(Name.fromString("wWw.example.com."), Type.A);
        assertEquals(2, www.size());
        assertEquals("WWW.Example.COM.", www.getName().toString(), "the owner as loaded, found in any case");
        Record cname = zone.rrset(Name.fromString("alias.example.com."), Type.CNAME).first();
        assertEquals("Target.Example.COM.", ((org.xbill.DNS.CNAMERecord) cname).getTarget().toString());
        assertEquals(List.of(Type.A, Type.AAAA), List.of(zone.types(Name.fromString("www.example.com."))[0],
                zone.types(Name.fromString("www.example.com."))[1]), "types in zone order");
    }

    @Test
    void emptyNonTerminalsAndCutsAreKnown() throws Exception {
        Zone zone = Zone.build(soa(1), records());
        Name ent = Name.fromString("empty.nonterminal.example.com.");
        assertTrue(zone.exists(ent));
        assertEquals(0, zone.types(ent).length);
        assertTrue(zone.exists(Name.fromString("nonterminal.example.com.")));
        assertTrue(zone.delegated(Name.fromString("sub.example.com.")), "NS below the apex is a cut");
        assertTrue(zone.delegated(Name.fromString("ns.sub.example.com.")), "glue lies below the cut");
        assertTrue(zone.delegated(Name.fromString("y.sub.example.com.")), "an empty non-terminal below a cut");
        assertTrue(zone.delegated(Name.fromString("x.y.sub.example.com.")), "two labels below the cut");
        assertTrue(!zone.delegated(Name.fromString("www.example.com.")) && !zone.delegated(ORIGIN));
        assertNull(zone.rrset(Name.fromString("nowhere.example.com."), Type.A));
        assertEquals(zone.names().size(), zone.nameCount());
    }

    @Test
    void digestIgnoresOrderAndSerialButNotContent() throws Exception {
        List<Record> shuffled = new ArrayList<>(records());
        Collections.shuffle(shuffled, new Random(7));
        String digest = Zone.build(soa(1), records()).contentDigest();
        assertEquals(digest, Zone.build(soa(1), shuffled).contentDigest(), "order is no change");
        assertEquals(digest, Zone.build(soa(2026112801), records()).contentDigest(), "the serial is no change");
        List<Record> ttl = new ArrayList<>(records());
        ttl.set(1, rr("WWW A 301 192.0.2.1"));
        assertNotEquals(digest, Zone.build(soa(1), ttl).contentDigest(), "a TTL is content");
        List<Record> data = new ArrayList<>(records());
        data.set(1, rr("WWW A 300 192.0.2.9"));
        assertNotEquals(digest, Zone.build(soa(1), data).contentDigest(), "RDATA is content");
        SOARecord otherRefresh = new SOARecord(ORIGIN, DClass.IN, 3600, Name.fromString("ns1.example.com."),
                Name.fromString("hostmaster.example.com."), 1, 7201, 3600, 1209600, 300);
        assertNotEquals(digest, Zone.build(otherRefresh, records()).contentDigest(), "SOA timers are content");
    }
}
