package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.wire.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** A flood of random query types and rcodes must not grow the registry past the fixed tag sets. */
class BoundedTagCardinalityTest {

    @Test
    void randomTypesAndRcodesShareTheOtherTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DnsMetrics metrics = new MicrometerDnsMetrics(registry, false);
        for (int qtype = 0; qtype <= 65535; qtype++) {
            metrics.query(Transport.UDP, qtype, qtype & 0xFFF, null, 100, 1000);
        }
        Set<String> qtypes = new HashSet<>();
        Set<String> rcodes = new HashSet<>();
        registry.find("dns.queries").counters().forEach(c -> {
            qtypes.add(c.getId().getTag("qtype"));
            rcodes.add(c.getId().getTag("rcode"));
        });
        assertEquals(QueryTypeTag.count(), qtypes.size(), qtypes.toString());
        assertEquals(RcodeTag.count(), rcodes.size(), rcodes.toString());
        assertTrue(registry.find("dns.queries").counters().size() <= QueryTypeTag.count() * RcodeTag.count());
        double total = registry.find("dns.queries").counters().stream().mapToDouble(c -> c.count()).sum();
        assertEquals(65536.0, total);
    }

    @Test
    void commonTypesKeepTheirMnemonicAndRareOnesAreGrouped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DnsMetrics metrics = new MicrometerDnsMetrics(registry, false);
        metrics.query(Transport.TCP, Type.AAAA, Rcode.NOERROR, null, 100, 1000);
        metrics.query(Transport.TCP, Type.AAAA, Rcode.NOERROR, null, 100, 1000);
        metrics.query(Transport.TCP, Type.CAA, Rcode.NXDOMAIN, null, 100, 1000);
        metrics.query(Transport.TCP, 65280, Rcode.NOERROR, null, 100, 1000); // RFC 6895 private use
        metrics.query(Transport.TCP, Type.HINFO, Rcode.NOERROR, null, 100, 1000);
        metrics.query(Transport.TCP, Type.A, 16, null, 100, 1000); // BADVERS, extended (RFC 6891)
        assertEquals(2.0, count(registry, "tcp", "AAAA", "NOERROR"));
        assertEquals(1.0, count(registry, "tcp", "CAA", "NXDOMAIN"));
        assertEquals(2.0, count(registry, "tcp", "other", "NOERROR"));
        assertEquals(1.0, count(registry, "tcp", "A", "other"));
        assertNull(registry.find("dns.queries").tag("transport", "udp").counter());
    }

    @Test
    void answersFromNoServedZoneAreTaggedNone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DnsMetrics metrics = new MicrometerDnsMetrics(registry, false);
        metrics.query(Transport.UDP, Type.A, Rcode.REFUSED, null, 40, 1000);
        metrics.query(Transport.UDP, Type.A, Rcode.NOERROR, Name.fromConstantString("example.net."), 60, 1000);
        assertEquals(1.0, registry.get("dns.zone.queries").tag("zone", "none").tag("rcode", "REFUSED")
                .counter().count());
        assertEquals(1.0, registry.get("dns.zone.queries").tag("zone", "example.net.").tag("rcode", "NOERROR")
                .counter().count());
        assertEquals(2L, registry.get("dns.answer.latency").tag("transport", "udp").timer().count());
        assertEquals(100.0, registry.get("dns.response.size").tag("transport", "udp").summary().totalAmount());
    }

    private static double count(SimpleMeterRegistry registry, String transport, String qtype, String rcode) {
        return registry.get("dns.queries").tag("transport", transport).tag("qtype", qtype).tag("rcode", rcode)
                .counter().count();
    }
}
