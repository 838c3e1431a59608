package dev.tomldns.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * End to end: the daemon counts exactly the queries it was sent, per transport, type, rcode and zone, serves them
 * on /metrics, reports /ready from the zones' load state, and exits 0 on SIGTERM.
 */
class PrometheusScrapeAfterKnownQueriesTest {

    private static final String GOOD_ZONE = """
            [soa]
            mname = "ns1.ops.test."
            rname = "hostmaster.ops.test."
            serial = 2026112801

            [[records]]
            name = "@"
            type = "NS"
            data = "ns1.ops.test."

            [[records]]
            name = "www"
            type = "A"
            data = "192.0.2.10"

            [[records]]
            name = "big"
            type = "TXT"
            text = "%s"
            """.formatted("x".repeat(1200));

    private static final String BAD_ZONE = """
            [soa]
            mname = "ns1.broken.test."
            rname = "hostmaster.broken.test."

            [[records]]
            name = "www"
            type = "A"
            data = "not-an-address"
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scrapeCountsTheQueriesSentAndSigtermExitsZero(@TempDir Path zones) throws Exception {
        Files.writeString(zones.resolve("ops.test.toml"), GOOD_ZONE);
        try (ServerUnderTest server = ServerUnderTest.start(zones)) {
            assertTrue(server.log.stream().anyMatch(l -> l.contains("1 zone(s): [ops.test. 2026112801]")),
                    String.join("\n", server.log));
            SimpleResolver udp = resolver(server, false);
            SimpleResolver tcp = resolver(server, true);
            for (int i = 0; i < 3; i++) {
                assertEquals(Rcode.NOERROR, send(udp, "www.ops.test.", Type.A).getRcode());
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(Rcode.NXDOMAIN, send(tcp, "nope.ops.test.", Type.AAAA).getRcode());
            }
            assertEquals(Rcode.REFUSED, send(udp, "www.example.com.", Type.A).getRcode());
            // RFC 1035 §4.2.1: without EDNS a 1200-octet TXT does not fit 512 octets: TC=1 over UDP.
            SimpleResolver plain = resolver(server, false);
            plain.setEDNS(-1);
            plain.setIgnoreTruncation(true);
            assertTrue(send(plain, "big.ops.test.", Type.TXT).getHeader().getFlag(Flags.TC));
            try (DatagramSocket garbage = new DatagramSocket()) {
                garbage.send(new DatagramPacket(new byte[] {1, 2, 3, 4, 5}, 5, server.dns));
            }

            String metrics = awaitMetric(server, "dns_malformed_packets_total{transport=\"udp\"} 1.0");
            assertHas(metrics, "dns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"} 3.0");
            assertHas(metrics, "dns_queries_total{qtype=\"AAAA\",rcode=\"NXDOMAIN\",transport=\"tcp\"} 2.0");
            assertHas(metrics, "dns_queries_total{qtype=\"A\",rcode=\"REFUSED\",transport=\"udp\"} 1.0");
            assertHas(metrics, "dns_queries_total{qtype=\"TXT\",rcode=\"NOERROR\",transport=\"udp\"} 1.0");
            assertHas(metrics, "dns_zone_queries_total{rcode=\"NOERROR\",zone=\"ops.test.\"} 4.0");
            assertHas(metrics, "dns_zone_queries_total{rcode=\"NXDOMAIN\",zone=\"ops.test.\"} 2.0");
            assertHas(metrics, "dns_zone_queries_total{rcode=\"REFUSED\",zone=\"none\"} 1.0");
            assertHas(metrics, "dns_truncated_responses_total 1.0");
            // Latency and size are sampled (one answer in 16): the histograms exist, their counts are not exact.
            assertHas(metrics, "dns_answer_latency_seconds_bucket{transport=\"udp\",le=\"1.0E-5\"}");
            assertHas(metrics, "dns_response_size_bytes_bucket{transport=\"tcp\",le=\"512.0\"}");
            assertHas(metrics, "dns_zone_serial{zone=\"ops.test.\"} 2.026112801E9");
            assertHas(metrics, "dns_zone_reloads_total{result=\"ok\",zone=\"ops.test.\"} 1.0");
            assertHas(metrics, "dns_tcp_connections_accepted_total");
            assertHas(metrics, "jvm_memory_used_bytes");

            assertEquals(200, get(server, "/health").statusCode());
            assertEquals(200, get(server, "/ready").statusCode());

            // SIGTERM (what systemd and docker stop send): graceful stop, exit status 0, within a bound.
            long start = System.nanoTime();
            server.process.destroy();
            assertTrue(server.process.waitFor(15, TimeUnit.SECONDS), "no exit within 15 s of SIGTERM");
            assertEquals(0, server.process.exitValue());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
        }
    }

    @Test
    void readyIs503WhileAConfiguredZoneFailsToLoad(@TempDir Path zones) throws Exception {
        Files.writeString(zones.resolve("ops.test.toml"), GOOD_ZONE);
        Files.writeString(zones.resolve("broken.test.toml"), BAD_ZONE);
        try (ServerUnderTest server = ServerUnderTest.start(zones)) {
            HttpResponse<String> ready = get(server, "/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().startsWith("1 zone(s) not served; ") && ready.body().contains("broken.test.toml"),
                    ready.body());
            // The good zone is still served and the process is healthy: only readiness is withdrawn.
            assertEquals(200, get(server, "/health").statusCode());
            assertEquals(Rcode.NOERROR, send(resolver(server, false), "www.ops.test.", Type.A).getRcode());
            String metrics = get(server, "/metrics").body();
            assertHas(metrics, "dns_zone_reloads_total{result=\"failed\",zone=\"broken.test.\"} 1.0");
            assertHas(metrics, "dns_zone_reload_failing{zone=\"broken.test.\"} 1.0");
            assertHas(metrics, "dns_zone_reload_error{error=\"");
        }
        // The same folder with the broken zone fixed: ready.
        Files.writeString(zones.resolve("broken.test.toml"), BAD_ZONE.replace("not-an-address", "192.0.2.20"));
        try (ServerUnderTest server = ServerUnderTest.start(zones)) {
            assertEquals(200, get(server, "/ready").statusCode());
        }
    }

    private static SimpleResolver resolver(ServerUnderTest server, boolean tcp) {
        SimpleResolver r = new SimpleResolver(server.dns);
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    private static Message send(SimpleResolver resolver, String name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
    }

    private HttpResponse<String> get(ServerUnderTest server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.http.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** UDP may deliver the garbage datagram after the answers: wait (bounded) until it is counted. */
    private String awaitMetric(ServerUnderTest server, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String body = get(server, "/metrics").body();
        while (!body.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            body = get(server, "/metrics").body();
        }
        assertHas(body, line);
        return body;
    }

    private static void assertHas(String metrics, String line) {
        assertTrue(metrics.contains(line), () -> "missing '" + line + "' in:\n" + metrics.lines()
                .filter(l -> l.startsWith("dns_")).reduce("", (a, b) -> a + b + "\n"));
    }
}
