package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tomldns.zone.Zone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * RFC 5155 §4 and §7.3: the chain a server proves with is the one the apex NSEC3PARAM names (hash algorithm,
 * iterations, salt); NSEC3 records of another parameter set in the same zone are left out, an NSEC3PARAM whose flags
 * are not zero is ignored (§4.1.2), and a zone without a usable NSEC3PARAM has no NSEC3 proofs.
 */
class Rfc5155Nsec3ParametersTest {
    private static final Name ORIGIN = Name.fromConstantString("params.test.");
    private static final String ZONE = String.join("\n",
            "$TTL 300",
            "@ IN SOA ns1 hostmaster 1 3600 600 86400 300",
            "@ NS ns1",
            "ns1 A 192.0.2.1",
            "www A 192.0.2.2",
            "*.wild A 192.0.2.3",
            "a.b.c AAAA 2001:db8::1",
            "");

    @TempDir
    static Path dir;
    /** Signed with 0 iterations and no salt. */
    private static List<Record> first;
    /** The same zone signed with iterations 5, salt beef and Opt-Out. */
    private static List<Record> second;

    @BeforeAll
    static void sign() throws Exception {
        first = Nsec3Signer.records(ORIGIN,
                Nsec3Signer.sign(dir.resolve("a"), ORIGIN, ZONE, Nsec3Signer.Style.LDNS_NO_ITERATIONS));
        second = Nsec3Signer.records(ORIGIN,
                Nsec3Signer.sign(dir.resolve("b"), ORIGIN, ZONE, Nsec3Signer.Style.LDNS_OPT_OUT_SALTED));
    }

    @Test
    void nsec3RecordsOfAnotherParameterSetAreLeftOut() throws Exception {
        List<Record> both = new ArrayList<>(first);
        both.addAll(chainOf(second));
        Nsec3Proofs alone = Nsec3Proofs.of(zone(first));
        Nsec3Proofs mixed = Nsec3Proofs.of(zone(both));
        assertNotNull(mixed);
        assertEquals(alone.chain().size(), mixed.chain().size(), "only the first signing's chain");
        for (String q : List.of("nx", "x.b.c", "x.www", "y.c")) {
            Name qname = Name.fromString(q, ORIGIN);
            Name ce = closestEncloser(qname);
            assertEquals(owners(alone.nxdomain(qname, ce)), owners(mixed.nxdomain(qname, ce)), q);
            for (RRset set : mixed.nxdomain(qname, ce)) {
                NSEC3Record n = (NSEC3Record) set.first();
                assertEquals(0, n.getIterations(), q + ": " + n);
                assertEquals(0, n.getSalt() == null ? 0 : n.getSalt().length, q + ": " + n);
                assertEquals(1, set.sigs().size(), q + ": its own RRSIG, not the other chain's");
            }
        }
    }

    @Test
    void anNsec3paramWithFlagsIsIgnored() throws Exception {
        NSEC3PARAMRecord used = param(second);
        List<Record> both = new ArrayList<>(withoutParam(first));
        both.add(new NSEC3PARAMRecord(ORIGIN, used.getDClass(), 0, used.getHashAlgorithm(), 1,
                param(first).getIterations(), param(first).getSalt()));
        both.add(used);
        both.addAll(chainOf(second));
        Nsec3Proofs proofs = Nsec3Proofs.of(zone(both));
        assertNotNull(proofs);
        assertEquals(5, proofs.chain().parameters().getIterations(), "the flagged NSEC3PARAM is skipped");
        assertArrayEquals(used.getSalt(), proofs.chain().parameters().getSalt());

        List<Record> flaggedOnly = new ArrayList<>(withoutParam(first));
        NSEC3PARAMRecord p = param(first);
        flaggedOnly.add(new NSEC3PARAMRecord(ORIGIN, p.getDClass(), 0, p.getHashAlgorithm(), 1, p.getIterations(),
                p.getSalt()));
        assertNull(Nsec3Proofs.of(zone(flaggedOnly)), "RFC 5155 §4.1.2: flags other than zero, ignored");
    }

    @Test
    void aZoneWithoutNsec3paramHasNoNsec3Proofs() throws Exception {
        assertNull(Nsec3Proofs.of(zone(withoutParam(first))));
        assertNull(Nsec3Proofs.of(zone(Nsec3Signer.records(ORIGIN, ZONE))), "unsigned");
    }

    private static Name closestEncloser(Name qname) {
        Zone z;
        try {
            z = zone(first);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Name at = new Name(qname, 1);
        while (!z.exists(at)) {
            at = new Name(at, 1);
        }
        return at;
    }

    /** The NSEC3 records and the RRSIGs over them. */
    private static List<Record> chainOf(List<Record> records) {
        return records.stream().filter(r -> r.getType() == Type.NSEC3
                || r instanceof RRSIGRecord s && s.getTypeCovered() == Type.NSEC3).collect(Collectors.toList());
    }

    private static List<Record> withoutParam(List<Record> records) {
        return records.stream().filter(r -> r.getType() != Type.NSEC3PARAM).collect(Collectors.toList());
    }

    private static NSEC3PARAMRecord param(List<Record> records) {
        return (NSEC3PARAMRecord) records.stream().filter(r -> r.getType() == Type.NSEC3PARAM).findFirst()
                .orElseThrow();
    }

    private static Zone zone(List<Record> records) {
        SOARecord soa = (SOARecord) records.stream().filter(r -> r.getType() == Type.SOA).findFirst().orElseThrow();
        return Zone.build(soa, records.stream().filter(r -> r != soa).collect(Collectors.toList()));
    }

    private static List<String> owners(List<RRset> proof) {
        return proof.stream().map(s -> s.getName().toString().toLowerCase()).collect(Collectors.toList());
    }
}
