package dev.tomldns.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint, on the JDK's built-in server (no extra dependency, off the DNS event loops):
 * <ul>
 *   <li>{@code GET /metrics}: the meters in Prometheus text format (OpenMetrics when the scraper asks for it);</li>
 *   <li>{@code GET /health}: 200 while the process is up;</li>
 *   <li>{@code GET /ready}: 200 when {@link Readiness} says so, else 503 with the reason.</li>
 * </ul>
 * It binds where it is told, which should be loopback or a management network: it has no authentication.
 */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PLAIN = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;

    private HttpEndpoint(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry,
            Readiness readiness) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.readiness = readiness;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static HttpEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry,
            Readiness readiness) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger threads = new AtomicInteger();
        // Two threads: a slow scraper must not block /health probes.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tomldns-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpEndpoint endpoint = new HttpEndpoint(server, executor, registry, readiness);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        return endpoint;
    }

    /** Where the endpoint listens (with the real port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, PLAIN, "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> metrics(exchange);
                case "/health" -> send(exchange, 200, PLAIN, "ok\n");
                case "/ready" -> ready(exchange);
                default -> send(exchange, 404, PLAIN, "not found; try /metrics, /health or /ready\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        registry.scrape(body, contentType);
        send(exchange, 200, contentType, body.toByteArray());
    }

    private void ready(HttpExchange exchange) throws IOException {
        Readiness.Status status = readiness.check();
        send(exchange, status.ready() ? 200 : 503, PLAIN, status.detail() + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        send(exchange, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening; requests in progress get up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
