package dev.tomldns.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.wire.Transport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The HTTP endpoint on a real loopback port, hit by a real HTTP client. */
class HttpEndpointTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Readiness.Status> readiness = new AtomicReference<>(Readiness.READY);
    private MicrometerDnsMetrics metrics;
    private HttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        // Every answer sampled, so the histogram counts are exact here.
        metrics = new MicrometerDnsMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true, 1);
        endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                (PrometheusMeterRegistry) metrics.registry(), readiness::get);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        metrics.close();
    }

    @Test
    void metricsAreScrapedInPrometheusTextFormat() throws Exception {
        Name zone = Name.fromConstantString("example.net.");
        for (int i = 0; i < 3; i++) {
            metrics.query(Transport.UDP, Type.A, Rcode.NOERROR, zone, 60, 20_000);
        }
        metrics.serial(zone, 2026112801L);
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        String body = response.body();
        assertTrue(body.contains("dns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"} 3.0"), body);
        assertTrue(body.contains("dns_zone_queries_total{rcode=\"NOERROR\",zone=\"example.net.\"} 3.0"), body);
        assertTrue(body.contains("dns_zone_serial{zone=\"example.net.\"} 2.026112801E9"), body);
        assertTrue(body.contains("dns_answer_latency_seconds_bucket{transport=\"udp\",le=\"2.5E-5\"} 3"), body);
        assertTrue(body.contains("dns_answer_latency_seconds_count{transport=\"udp\"} 3"), body);
        assertTrue(body.contains("dns_response_size_bytes_sum{transport=\"udp\"} 180.0"), body);
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM metrics are bound");
    }

    @Test
    void openMetricsIsServedWhenAsked() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics"));
        assertTrue(response.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void healthIsOkWhileTheProcessIsUp() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
    }

    @Test
    void readyFlipsWithReadiness() throws Exception {
        assertEquals(200, get("/ready").statusCode());
        readiness.set(Readiness.Status.notReady("zone example.net. not loaded: example.net.toml:3: bad"));
        HttpResponse<String> response = get("/ready");
        assertEquals(503, response.statusCode());
        assertEquals("zone example.net. not loaded: example.net.toml:3: bad\n", response.body());
        readiness.set(Readiness.READY);
        assertEquals(200, get("/ready").statusCode());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertEquals(404, get("/metricsx").statusCode());
        assertEquals(404, get("/").statusCode());
        HttpRequest post = HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        HttpRequest head = HttpRequest.newBuilder(uri("/health")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        assertEquals(200, client.send(head, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }
}
