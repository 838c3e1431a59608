package dev.tomldns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.dnssec.SignedZones;
import dev.tomldns.http.Readiness;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** What serve reports after each swap: the served version's earliest RRSIG to /ready and the expiry gauge. */
class SignatureReportingTest {
    private static final Name SIGNED = Name.fromConstantString("signed.test.");

    @Test
    void eachSwapReportsTheServedVersionAndARemovedOrUnsignedZoneIsForgotten() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(meters, false);
        ZoneReadiness readiness = new ZoneReadiness();
        ZoneRegistry registry = new ZoneRegistry();
        SignatureReporting.install(registry, metrics, readiness);

        Zone expired = zone(SignedZones.signed(SIGNED, Instant.now().minusSeconds(10), Map.of()), false);
        registry.update(c -> c.with(expired));
        assertFalse(readiness.check().ready(), readiness.check().detail());
        assertTrue(gauge(meters) < 0);

        Zone resigned = zone(SignedZones.signed(SIGNED, Instant.now().plus(Duration.ofDays(10)), Map.of()), false);
        registry.update(c -> c.with(resigned));
        assertEquals(Readiness.READY, readiness.check());
        assertTrue(gauge(meters) > 9 * 86400, "gauge " + gauge(meters));

        registry.update(c -> c.with(expired));
        registry.update(c -> c.with(zone(SignedZones.signed(SIGNED, Instant.now(), Map.of()), true)));
        assertEquals(Readiness.READY, readiness.check(), "unsigned now");
        assertEquals(0, meters.find("dns.zone.rrsig.expiry").gauges().size());

        registry.update(c -> c.with(expired));
        registry.update(c -> c.without(SIGNED));
        assertEquals(Readiness.READY, readiness.check(), "zone gone");
        assertEquals(0, meters.find("dns.zone.rrsig.expiry").gauges().size());
    }

    private static double gauge(SimpleMeterRegistry meters) {
        return meters.get("dns.zone.rrsig.expiry").tag("zone", SIGNED.toString()).gauge().value();
    }

    private static Zone zone(List<Record> records, boolean stripSignatures) {
        List<Record> kept = records.stream().filter(r -> !stripSignatures
                || (r.getType() != Type.RRSIG && r.getType() != Type.DNSKEY)).toList();
        return Zone.build((SOARecord) kept.get(0), kept.subList(1, kept.size()));
    }
}
