package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.reload.SerialArithmetic;
import dev.tomldns.zone.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Signatures are refreshed before they expire (14 days valid, refreshed 7 days before, jittered): with the
 * injectable clock moved in 12-hour steps across 60 days and the refresh run at each step (as its thread does each
 * minute), every RRset of the served zone has a signature that dnsjava verifies at that moment and that stays
 * valid for at least the refresh window less the batch; each refresh raises the serial; refreshes re-sign only
 * what is due, so most signatures are kept.
 */
class SignatureRefreshTimeTravelTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"true", "{ denial = \"nsec3\" }"})
    void signaturesNeverExpireAcrossSixtyDays(String dnssec) throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, dnssec);
        Name origin = Name.fromString(SignedZones.ORIGIN);
        SigningServer.MovableClock clock = new SigningServer.MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
        try (SigningServer s = new SigningServer(config, clock)) {
            int refreshes = 0;
            Zone verified = null;
            java.util.Set<RRSIGRecord> seen = new java.util.HashSet<>();
            long serial = s.zone(origin).serial();
            for (int step = 0; step < 60 * 2; step++) {
                clock.advance(Duration.ofHours(12));
                List<Name> refreshed = s.signing.refreshDue();
                Zone z = s.zone(origin);
                if (!refreshed.isEmpty()) {
                    refreshes++;
                    assertTrue(SerialArithmetic.greater(z.serial(), serial), "serial rose on refresh");
                    serial = z.serial();
                    ZoneSigner.Signed latest = s.signing.latest(origin).orElseThrow();
                    assertTrue(latest.kept() > 0 || latest.made() > 0);
                }
                if (z != verified) {
                    allValid(z, clock.instant(), seen); // dnsjava verifies each new signature once
                    verified = z;
                }
                Duration left = leastLeft(z, clock.instant());
                // Never closer to expiry than the refresh window less one step of the clock.
                assertTrue(left.compareTo(Duration.ofDays(7).minusHours(12)) >= 0,
                        "day " + step / 2.0 + ": a signature expires within " + left);
            }
            // Jittered expiry and batched refresh: more than one refresh per 7-day cycle.
            assertTrue(refreshes >= 8 && refreshes <= 60 * 2, refreshes + " refreshes");
            System.out.println("time travel " + dnssec + ": " + refreshes + " refreshes in 60 days");
        }
    }

    /**
     * RFC 7583 §3.2: a ZSK rollover by pre-publication across 60 days with a 20-day ZSK lifetime, and not one
     * signature a resolver could not check: each signature served is by a key whose DNSKEY was served at least a
     * DNSKEY TTL before, and a key's DNSKEY leaves the zone only once its last signature has been gone for the
     * zone's longest TTL. The KSK (and so the DS) stays the same.
     */
    @org.junit.jupiter.api.Test
    void zskRolloverWithoutABogusAnswer() throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, "{ keys = \"ksk+zsk\", zsk-lifetime-days = 20 }");
        Name origin = Name.fromString(SignedZones.ORIGIN);
        SigningServer.MovableClock clock = new SigningServer.MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
        Duration ttl = Duration.ofHours(1); // the zone's DNSKEY and longest TTL (3600)
        try (SigningServer s = new SigningServer(config, clock)) {
            Map<Integer, Instant> firstPublished = new HashMap<>();
            Map<Integer, Instant> lastSigned = new HashMap<>();
            java.util.Set<Integer> zsks = new java.util.HashSet<>();
            java.util.Set<Integer> ksks = new java.util.HashSet<>();
            java.util.Set<Integer> publishedBefore = new java.util.HashSet<>();
            java.util.Set<RRSIGRecord> seen = new java.util.HashSet<>();
            Zone verified = null;
            for (int step = 0; step <= 60 * 2; step++) {
                if (step > 0) {
                    clock.advance(Duration.ofHours(12));
                    s.signing.refreshDue();
                }
                Instant now = clock.instant();
                Zone z = s.zone(origin);
                if (z != verified) {
                    allValid(z, now, seen);
                    verified = z;
                }
                java.util.Set<Integer> published = new java.util.HashSet<>();
                for (Record r : z.records()) {
                    if (r instanceof DNSKEYRecord k) {
                        published.add(k.getFootprint());
                        // The first version's keys are the zone's first: no resolver has an older DNSKEY set.
                        firstPublished.putIfAbsent(k.getFootprint(), step == 0 ? now.minus(ttl) : now);
                        (k.getFlags() == 257 ? ksks : zsks).add(k.getFootprint());
                    }
                }
                for (Record r : z.records()) {
                    if (r instanceof RRSIGRecord sig) {
                        Instant since = firstPublished.get(sig.getFootprint());
                        assertTrue(since != null && !since.plus(ttl).isAfter(now), "day " + step / 2.0
                                + ": signed by key " + sig.getFootprint() + " published only at " + since);
                        lastSigned.put(sig.getFootprint(), now);
                    }
                }
                for (int gone : publishedBefore) {
                    if (!published.contains(gone)) {
                        assertTrue(!lastSigned.get(gone).plus(ttl).isAfter(now), "day " + step / 2.0 + ": key "
                                + gone + " removed while its signatures may be cached (last served "
                                + lastSigned.get(gone) + ")");
                    }
                }
                publishedBefore.clear();
                publishedBefore.addAll(published);
            }
            assertEquals(1, ksks.size(), "the KSK stays: " + ksks);
            assertTrue(zsks.size() >= 3, "two ZSK rollovers in 60 days: " + zsks);
        }
    }

    /** The least time any signature has left at {@code now}, failing when one is not yet or no longer valid. */
    static Duration leastLeft(Zone z, Instant now) {
        Duration least = Duration.ofDays(365);
        for (Record r : z.records()) {
            if (r instanceof RRSIGRecord sig) {
                assertTrue(!sig.getTimeSigned().isAfter(now), "inception after now: " + sig);
                Duration left = Duration.between(now, sig.getExpire());
                least = left.compareTo(least) < 0 ? left : least;
            }
        }
        return least;
    }

    /** Verifies every RRset's signatures at {@code now}; returns the least time any has left. */
    static Duration allValid(Zone z, Instant now, java.util.Set<RRSIGRecord> seen) throws Exception {
        Map<String, RRset> sets = new HashMap<>();
        Map<String, List<RRSIGRecord>> sigs = new HashMap<>();
        List<DNSKEYRecord> keys = new ArrayList<>();
        for (Record r : z.records()) {
            if (r instanceof RRSIGRecord sig) {
                sigs.computeIfAbsent(r.getName() + "/" + sig.getTypeCovered(), k -> new ArrayList<>()).add(sig);
                continue;
            }
            if (r instanceof DNSKEYRecord k) {
                keys.add(k);
            }
            sets.computeIfAbsent(r.getName() + "/" + r.getType(), k -> new RRset()).addRR(r);
        }
        Duration least = Duration.ofDays(365);
        for (var e : sigs.entrySet()) {
            RRset set = sets.get(e.getKey());
            assertNotNull(set, "a signature over nothing: " + e.getKey());
            for (RRSIGRecord sig : e.getValue()) {
                DNSKEYRecord key = keys.stream().filter(k -> k.getFootprint() == sig.getFootprint()).findFirst()
                        .orElseThrow();
                if (seen.add(sig)) {
                    DNSSEC.verify(set, sig, key, now);
                }
                Duration left = Duration.between(now, sig.getExpire());
                least = left.compareTo(least) < 0 ? left : least;
            }
        }
        // Every RRset but glue and NS at cuts is signed.
        for (var e : sets.entrySet()) {
            boolean unsignedByRule = e.getKey().contains(".secure.") || e.getKey().contains(".insecure.")
                    || e.getKey().equals("secure.signed.test./" + Type.NS)
                    || e.getKey().equals("insecure.signed.test./" + Type.NS);
            assertEquals(!unsignedByRule, sigs.containsKey(e.getKey()), e.getKey());
        }
        return least;
    }
}
