package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A zone signed from scratch with its signatures split over several threads is the zone one thread signs: the same
 * records and RRsets, per RRset the same RRSIGs (key, algorithm, labels, TTL, inception, expiration: the jitter is
 * drawn in zone order on the calling thread), and every RRSIG verifies with dnsjava's {@link DNSSEC#verify} against
 * its RRset (RFC 4035 §5.3). ECDSA signatures are randomized, so the signature octets themselves differ.
 */
class ParallelSignedZoneTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csk", "ksk+two zsks"})
    void parallelSigningEqualsSerialSigning(String keySet) throws Exception {
        Name origin = Name.fromString("parallel.test.");
        Zone zone = zone(origin, 200);
        List<SigningKey> keys = new ArrayList<>();
        if (keySet.equals("csk")) {
            keys.add(key(origin, SigningKey.Role.CSK));
        } else {
            // During a ZSK rollover's double-signature phase two keys sign every RRset, maybe on two threads.
            keys.add(key(origin, SigningKey.Role.KSK));
            keys.add(key(origin, SigningKey.Role.ZSK));
            keys.add(key(origin, SigningKey.Role.ZSK));
        }
        ZoneSigner.Signed serial = new ZoneSigner(SigningPolicy.DEFAULT, keys, new SplittableRandom(7), 1)
                .sign(zone, 10, null, NOW);
        ZoneSigner.Signed parallel = new ZoneSigner(SigningPolicy.DEFAULT, keys, new SplittableRandom(7), 3)
                .sign(zone, 10, null, NOW);

        assertTrue(parallel.made() >= ZoneSigner.PARALLEL_FROM, "enough signatures to be split over threads");
        assertEquals(serial.made(), parallel.made());
        assertEquals(serial.earliestExpiry(), parallel.earliestExpiry());
        assertEquals(serial.refreshAt(), parallel.refreshAt());
        Map<String, List<Record>> a = bySet(serial.zone());
        Map<String, List<Record>> b = bySet(parallel.zone());
        assertEquals(a.keySet(), b.keySet(), "the same RRsets");
        for (var e : a.entrySet()) {
            assertEquals(withoutSignature(e.getValue()), withoutSignature(b.get(e.getKey())), e.getKey());
        }
        int verified = 0;
        for (var e : b.entrySet()) {
            for (Record r : e.getValue()) {
                if (r instanceof RRSIGRecord sig) {
                    RRset set = new RRset();
                    b.get(r.getName() + "/" + Type.string(sig.getTypeCovered())).forEach(set::addRR);
                    DNSSEC.verify(set, sig, dnskey(keys, sig), NOW);
                    verified++;
                }
            }
        }
        assertEquals(parallel.made(), verified, "every RRSIG verifies");
    }

    private static Zone zone(Name origin, int hosts) throws Exception {
        SOARecord soa = new SOARecord(origin, DClass.IN, 3600, Name.fromString("ns1", origin),
                Name.fromString("hostmaster", origin), 1, 7200, 3600, 1209600, 300);
        List<Record> records = new ArrayList<>();
        records.add(new NSRecord(origin, DClass.IN, 3600, Name.fromString("ns1", origin)));
        records.add(new ARecord(Name.fromString("ns1", origin), DClass.IN, 3600,
                java.net.InetAddress.getByName("192.0.2.1")));
        for (int i = 0; i < hosts; i++) {
            Name host = Name.fromString("host" + i, origin);
            records.add(new ARecord(host, DClass.IN, 3600,
                    java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
            if (i % 10 == 0) {
                records.add(new TXTRecord(host, DClass.IN, 3600, "v=spf1 -all"));
            }
        }
        // RFC 4035 §2.2: a delegation with a DS (signed) and glue (not signed).
        Name child = Name.fromString("child", origin);
        records.add(new NSRecord(child, DClass.IN, 3600, Name.fromString("ns.child", origin)));
        records.add(new ARecord(Name.fromString("ns.child", origin), DClass.IN, 3600,
                java.net.InetAddress.getByName("192.0.2.53")));
        records.add(new DSRecord(child, DClass.IN, 3600, 12345, DNSSEC.Algorithm.ECDSAP256SHA256,
                DNSSEC.Digest.SHA256, new byte[32]));
        return Zone.build(soa, records);
    }

    private static SigningKey key(Name origin, SigningKey.Role role) throws Exception {
        return ZoneKeyStore.generate(origin, role, DNSSEC.Algorithm.ECDSAP256SHA256, 3600, NOW.minusSeconds(86400));
    }

    private static DNSKEYRecord dnskey(List<SigningKey> keys, RRSIGRecord sig) {
        return keys.stream().filter(k -> k.tag() == sig.getFootprint()).findFirst().orElseThrow().dnskey();
    }

    /** The zone's records by owner and type, RRSIGs by the type they cover. */
    private static Map<String, List<Record>> bySet(Zone zone) {
        Map<String, List<Record>> out = new TreeMap<>();
        zone.forEachRecord(r -> {
            int type = r instanceof RRSIGRecord sig ? sig.getTypeCovered() : r.getType();
            out.computeIfAbsent(r.getName() + "/" + Type.string(type), k -> new ArrayList<>()).add(r);
        });
        return out;
    }

    /** The records as text, each RRSIG's signature field left out, in a stable order. */
    private static List<String> withoutSignature(List<Record> records) {
        List<String> out = new ArrayList<>();
        for (Record r : records) {
            if (r instanceof RRSIGRecord sig) {
                out.add("RRSIG " + r.getName() + " " + r.getTTL() + " " + Type.string(sig.getTypeCovered()) + " "
                        + sig.getAlgorithm() + " " + sig.getLabels() + " " + sig.getOrigTTL() + " "
                        + sig.getExpire() + " " + sig.getTimeSigned() + " " + sig.getFootprint() + " "
                        + sig.getSigner());
            } else {
                out.add(r.toString());
            }
        }
        out.sort(null);
        return out;
    }
}
