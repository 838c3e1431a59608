package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.http.Readiness;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.zone.Zone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * RFC 4035 §5.3.1: a signature is valid only until its Signature Expiration. The watchdog finds a zone's
 * earliest-expiring RRSIG and calls it valid, expiring (within a day) or expired; {@code /ready} and the gauge
 * {@code dns_zone_rrsig_expiry_seconds} follow it as time passes.
 */
class Rfc4035SignatureExpiryTest {
    private static final Name ZONE = Name.fromConstantString("signed.test.");
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    static Stream<Arguments> zones() {
        Duration day = Duration.ofDays(1);
        return Stream.of(
                // apex signatures expire in, TXT labels and theirs, earliest owner, its type, state
                Arguments.of(Duration.ofDays(14), Map.of(), "signed.test.", "SOA", SignatureExpiry.State.VALID),
                Arguments.of(Duration.ofDays(14), Map.of("a", Duration.ofDays(3), "b", Duration.ofDays(2)),
                        "b.signed.test.", "TXT", SignatureExpiry.State.VALID),
                Arguments.of(Duration.ofDays(14), Map.of("a", day.plusSeconds(60)), "a.signed.test.", "TXT",
                        SignatureExpiry.State.VALID),
                Arguments.of(Duration.ofDays(14), Map.of("a", day.minusSeconds(60)), "a.signed.test.", "TXT",
                        SignatureExpiry.State.EXPIRING),
                Arguments.of(Duration.ofHours(5), Map.of("a", Duration.ofDays(3)), "signed.test.", "SOA",
                        SignatureExpiry.State.EXPIRING),
                Arguments.of(Duration.ofDays(14), Map.of("a", Duration.ofSeconds(-1), "b", Duration.ofHours(2)),
                        "a.signed.test.", "TXT", SignatureExpiry.State.EXPIRED),
                Arguments.of(Duration.ofSeconds(0), Map.of(), "signed.test.", "SOA", SignatureExpiry.State.EXPIRED));
    }

    @ParameterizedTest(name = "apex +{0}, {1}: {2} {3} {4}")
    @MethodSource("zones")
    void earliestSignatureAndItsState(Duration apex, Map<String, Duration> txt, String owner, String type,
                                      SignatureExpiry.State state) {
        Map<String, Instant> at = new LinkedHashMap<>();
        txt.forEach((label, in) -> at.put(label, NOW.plus(in)));
        SignatureExpiry e = SignatureExpiry.of(zone(SignedZones.signed(ZONE, NOW.plus(apex), at)));
        assertEquals(Name.fromConstantString(owner), e.owner());
        // The SOA, NS, A and DNSKEY at the apex all expire then: any of them is the first.
        assertEquals(type.equals("SOA") ? Name.fromConstantString(owner) : e.owner(), e.owner());
        if (!type.equals("SOA")) {
            assertEquals(Type.value(type), e.coveredType());
        }
        assertEquals(state, e.state(NOW));
        assertEquals(ZONE, e.zone());
        String line = e.describe(NOW);
        assertTrue(line.startsWith("zone signed.test.: RRSIG of " + owner + " "), line);
        assertTrue(line.contains(e.expiration().toString()), line);
        assertEquals(state == SignatureExpiry.State.EXPIRED, line.contains("expired"), line);
    }

    @Test
    void anUnsignedZoneHasNoSignatureExpiry() {
        List<Record> signed = SignedZones.signed(ZONE, NOW.plus(Duration.ofDays(3)), Map.of());
        List<Record> unsigned = signed.stream().filter(r -> r.getType() != Type.RRSIG && r.getType() != Type.DNSKEY)
                .toList();
        assertNull(SignatureExpiry.of(zone(unsigned)));
        assertNull(SignatureExpiry.of(null));
    }

    @Test
    void spansAreWrittenInTwoUnits() {
        assertEquals("42s", SignatureExpiry.span(42));
        assertEquals("5m 3s", SignatureExpiry.span(303));
        assertEquals("21h 30m", SignatureExpiry.span(21 * 3600 + 1800));
        assertEquals("2d 3h", SignatureExpiry.span(2 * 86400 + 3 * 3600 + 59));
    }

    @Test
    void readinessWarnsWithinADayAndIsNotReadyOnceExpiredAsTimePasses() {
        MutableClock clock = new MutableClock(NOW);
        ZoneReadiness readiness = new ZoneReadiness(clock);
        SignatureExpiry e = SignatureExpiry.of(zone(SignedZones.signed(ZONE, NOW.plus(Duration.ofDays(14)),
                Map.of("www", NOW.plus(Duration.ofDays(2))))));
        readiness.signatures(ZONE.toString(), e);
        assertEquals(Readiness.READY, readiness.check());

        clock.now = NOW.plus(Duration.ofHours(30)); // 18 h left
        Readiness.Status warned = readiness.check();
        assertTrue(warned.ready(), warned.detail());
        assertEquals("ready; warning: 1 zone(s) with signatures expiring within 24h; zone signed.test.: RRSIG of "
                + "www.signed.test. TXT expires " + e.expiration() + " (in 18h 0m)", warned.detail());

        clock.now = NOW.plus(Duration.ofDays(2)).plusSeconds(90);
        Readiness.Status expired = readiness.check();
        assertFalse(expired.ready(), expired.detail());
        assertTrue(expired.detail().startsWith("1 zone(s) with expired signatures; zone signed.test.: RRSIG of "
                + "www.signed.test. TXT expired " + e.expiration() + " (1m 30s ago)"), expired.detail());

        readiness.failed("other.test.", "no copy yet");
        assertTrue(readiness.check().detail().startsWith("1 zone(s) not served; other.test.: no copy yet; 1 zone(s) "
                + "with expired signatures; zone signed.test.:"), readiness.check().detail());

        readiness.loaded("other.test.");
        readiness.signatures(ZONE.toString(), null); // re-signed copy unsigned, or the zone gone
        assertEquals(Readiness.READY, readiness.check());
    }

    @Test
    void gaugeCountsSecondsLeftAtEachScrapeAndGoesForAnUnsignedZone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(registry, false);
        Instant in3h = Instant.now().plus(Duration.ofHours(3));
        metrics.signatureExpiry(ZONE, in3h);
        double left = registry.get("dns.zone.rrsig.expiry").tag("zone", "signed.test.").gauge().value();
        assertTrue(Math.abs(left - 3 * 3600) < 5, "seconds left: " + left);
        assertEquals("seconds", registry.get("dns.zone.rrsig.expiry").gauge().getId().getBaseUnit());

        metrics.signatureExpiry(ZONE, Instant.now().minusSeconds(60)); // expired: negative
        left = registry.get("dns.zone.rrsig.expiry").tag("zone", "signed.test.").gauge().value();
        assertTrue(left < -55 && left > -65, "seconds left: " + left);
        assertEquals(1, registry.find("dns.zone.rrsig.expiry").gauges().size());

        metrics.signatureExpiry(ZONE, null);
        assertEquals(0, registry.find("dns.zone.rrsig.expiry").gauges().size());
        metrics.signatureExpiry(Name.fromConstantString("never-signed.test."), null);
        assertEquals(0, registry.find("dns.zone.rrsig.expiry").gauges().size());
        metrics.signatureExpiry(ZONE, in3h);
        metrics.zoneRemoved(ZONE);
        assertEquals(0, registry.find("dns.zone.rrsig.expiry").gauges().size());
    }

    static Zone zone(List<Record> records) {
        SOARecord soa = (SOARecord) records.stream().filter(r -> r instanceof SOARecord).findFirst().orElseThrow();
        return Zone.build(soa, records.stream().filter(r -> r != soa).toList());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
