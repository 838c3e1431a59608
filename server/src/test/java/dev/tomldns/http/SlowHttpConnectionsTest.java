package dev.tomldns.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.metrics.MicrometerDnsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow HTTP connections (headers trickling in, or nothing at all) cannot keep {@code /health} from answering, and a
 * request that does not arrive whole within the request timeout is cut off.
 */
class SlowHttpConnectionsTest {
    @Test
    void healthAnswersWithinOneSecondWhileAThousandSlowConnectionsAreOpen() throws Exception {
        try (MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false, 1);
             HttpEndpoint endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                     (PrometheusMeterRegistry) metrics.registry(), () -> Readiness.READY)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = new Socket();
                    s.connect(endpoint.address(), 2000);
                    // Half start a request and stop partway through the headers; half send nothing.
                    if (i % 2 == 0) {
                        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(
                                StandardCharsets.US_ASCII));
                    }
                    slow.add(s);
                }
                for (int round = 0; round < 10; round++) {
                    // Keep the slow ones trickling: one more header octet each.
                    for (int i = 0; i < slow.size(); i += 2) {
                        try {
                            slow.get(i).getOutputStream().write('a');
                        } catch (IOException closed) {
                            // closed by the server to make room: as it should
                        }
                    }
                    long start = System.nanoTime();
                    String answer = get(endpoint.address(), "/health");
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.endsWith("\r\n\r\nok\n"), answer);
                    assertTrue(ms < 1000, "/health answered after " + ms + " ms in round " + round);
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRequestTricklingInIsCutOffAtTheRequestTimeout() throws Exception {
        HttpSettings limits = new HttpSettings(64, 1000);
        try (MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false, 1);
             HttpEndpoint endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                     (PrometheusMeterRegistry) metrics.registry(), () -> Readiness.READY, limits);
             Socket s = new Socket()) {
            s.connect(endpoint.address(), 2000);
            s.setSoTimeout(100);
            long start = System.nanoTime();
            long closed = -1;
            byte[] request = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: aaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < request.length - 2 && closed < 0; i++) {
                try {
                    s.getOutputStream().write(request[i]);
                    Thread.sleep(100);
                    if (s.getInputStream().read() == -1) {
                        closed = System.nanoTime() - start;
                    }
                } catch (java.net.SocketTimeoutException open) {
                    // not yet
                } catch (SocketException reset) {
                    closed = System.nanoTime() - start;
                }
            }
            assertTrue(closed > 0, "a request trickling in for " + request.length * 200 + " ms was not cut off");
            long ms = closed / 1_000_000;
            assertTrue(ms >= 900 && ms < 2500, "closed after " + ms + " ms");
        }
    }

    /** One HTTP/1.1 request on a fresh connection, the whole answer (headers and body) as text. */
    private static String get(InetSocketAddress address, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
