package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.wire.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Query counts stay exact while only one answer in N feeds the latency and size histograms. */
class DistributionSamplingTest {

    @Test
    void countsAreExactAndHistogramsSeeAboutOneInN() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DnsMetrics metrics = new MicrometerDnsMetrics(registry, false, MicrometerDnsMetrics.DISTRIBUTION_SAMPLE);
        int n = 160_000;
        for (int i = 0; i < n; i++) {
            metrics.query(Transport.UDP, 1, 0, null, 100, 5_000);
        }
        assertEquals(n, registry.get("dns.queries").counter().count());
        long sampled = registry.get("dns.answer.latency").tag("transport", "udp").timer().count();
        long expected = n / MicrometerDnsMetrics.DISTRIBUTION_SAMPLE;
        assertTrue(Math.abs(sampled - expected) < expected / 5, "sampled " + sampled + ", expected ~" + expected);
        assertEquals(100.0, registry.get("dns.response.size").tag("transport", "udp").summary().mean(), 0.0);
    }

    @Test
    void sampleRateMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new MicrometerDnsMetrics(new SimpleMeterRegistry(), false, 10));
        assertThrows(IllegalArgumentException.class, () -> new MicrometerDnsMetrics(new SimpleMeterRegistry(), false, 0));
    }
}
