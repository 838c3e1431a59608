package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tomldns.metrics.DnsMetrics.Direction;
import dev.tomldns.metrics.DnsMetrics.Outcome;
import dev.tomldns.wire.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Per-zone reload results, the last error, serial gauges, transfers, NOTIFYs and TCP connection counts. */
class ZoneReloadMetricsTest {

    private static final Name ZONE = Name.fromConstantString("example.net.");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(registry, false);

    @Test
    void lastReloadErrorIsExposedOnceAndClearedBySuccess() {
        metrics.reload(ZONE, true, null);
        metrics.reload(ZONE, false, "example.net.toml:7: bad IPv4 address");
        metrics.reload(ZONE, false, "example.net.toml:9: CNAME and other data");
        assertEquals(1.0, registry.get("dns.zone.reloads").tag("zone", "example.net.").tag("result", "ok")
                .counter().count());
        assertEquals(2.0, registry.get("dns.zone.reloads").tag("zone", "example.net.").tag("result", "failed")
                .counter().count());
        assertEquals(1.0, registry.get("dns.zone.reload.failing").tag("zone", "example.net.").gauge().value());
        assertEquals(1, registry.find("dns.zone.reload.error").gauges().size());
        assertEquals("example.net.toml:9: CNAME and other data",
                registry.get("dns.zone.reload.error").gauge().getId().getTag("error"));
        assertEquals("example.net.toml:9: CNAME and other data", metrics.lastReloadError(ZONE));

        metrics.reload(ZONE, true, null);
        assertEquals(0, registry.find("dns.zone.reload.error").gauges().size());
        assertEquals(0.0, registry.get("dns.zone.reload.failing").tag("zone", "example.net.").gauge().value());
        assertNull(metrics.lastReloadError(ZONE));
    }

    @Test
    void serialGaugeFollowsTheServedSerialAndZoneRemovalDropsMeters() {
        metrics.serial(ZONE, 2026112801L);
        metrics.serial(ZONE, 4294967295L); // RFC 1982: serials are unsigned 32-bit
        assertEquals(4294967295.0, registry.get("dns.zone.serial").tag("zone", "example.net.").gauge().value());
        metrics.query(Transport.UDP, 1, 0, ZONE, 50, 1000);
        metrics.zoneRemoved(ZONE);
        assertEquals(0, registry.find("dns.zone.serial").gauges().size());
        assertEquals(0, registry.find("dns.zone.queries").tag("zone", "example.net.").counters().size());
    }

    @Test
    void transfersNotifiesAndTcpConnectionsAreCounted() {
        metrics.transfer(Direction.OUT, Outcome.OK);
        metrics.transfer(Direction.OUT, Outcome.REFUSED);
        metrics.transfer(Direction.IN, Outcome.FAILED);
        metrics.notify(Direction.IN, Outcome.OK);
        metrics.notify(Direction.IN, Outcome.OK);
        metrics.tcpOpened();
        metrics.tcpOpened();
        metrics.tcpClosed();
        metrics.tcpRefused();
        metrics.truncated();
        metrics.malformed(Transport.UDP);
        assertEquals(1.0, registry.get("dns.transfers").tag("direction", "out").tag("result", "refused")
                .counter().count());
        assertEquals(1.0, registry.get("dns.transfers").tag("direction", "in").tag("result", "failed")
                .counter().count());
        assertEquals(2.0, registry.get("dns.notifies").tag("direction", "in").tag("result", "ok").counter().count());
        assertEquals(1.0, registry.get("dns.tcp.connections.open").gauge().value());
        assertEquals(2.0, registry.get("dns.tcp.connections.accepted").counter().count());
        assertEquals(1.0, registry.get("dns.tcp.connections.refused").counter().count());
        assertEquals(1.0, registry.get("dns.truncated.responses").counter().count());
        assertEquals(1.0, registry.get("dns.malformed.packets").tag("transport", "udp").counter().count());
    }
}
