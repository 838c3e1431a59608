package dev.tomldns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a bad edit, in one run of the shaded jar ({@code serve --zones --listen --http}):
 * {@code /ready} is 200; a zone file edited to be broken turns it 503 naming the file, {@code /metrics} shows the
 * failed reload, and dig still gets the last good data; the file fixed, {@code /ready} is 200 again and dig gets
 * the new data.
 */
class ReadinessFollowsZoneFileJarIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void brokenEditMakesReadyFailWhileTheLastGoodDataIsServedAndTheFixMakesItReadyAgain() throws Exception {
        Path zones = Files.createDirectory(dir.resolve("zones"));
        Path file = zones.resolve("ready.test.toml");
        write(file, "192.0.2.10");
        int dns = freePort();
        int http = freePort();
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--zones", zones.toString(),
                "--listen", "127.0.0.1:" + dns, "--http", "127.0.0.1:" + http)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(p, log, http, r -> r.statusCode() == 200);
            assertEquals("192.0.2.10", dig(dns));

            write(file, "192.0.2.777");
            HttpResponse<String> notReady = awaitReady(p, log, http, r -> r.statusCode() == 503);
            assertTrue(notReady.body().startsWith("1 zone(s) not served; " + file + ":")
                    && notReady.body().contains("192.0.2.777")
                    && notReady.body().contains("(last good version, serial 2026112801, still served)"),
                    notReady.body());
            String metrics = get(http, "/metrics").body();
            assertTrue(Pattern.compile("(?m)^dns_zone_reload_failing\\{zone=\"ready\\.test\\.\"} 1\\.0$")
                    .matcher(metrics).find(), metrics);
            assertTrue(Pattern.compile("(?m)^dns_zone_reloads_total\\{result=\"failed\",zone=\"ready\\.test\\.\"} 1\\.0$")
                    .matcher(metrics).find(), metrics);
            assertEquals("192.0.2.10", dig(dns), "the last good version is still served");

            write(file, "192.0.2.11");
            awaitReady(p, log, http, r -> r.statusCode() == 200);
            assertEquals("192.0.2.11", dig(dns));
            assertTrue(Pattern.compile("(?m)^dns_zone_reload_failing\\{zone=\"ready\\.test\\.\"} 0\\.0$")
                    .matcher(get(http, "/metrics").body()).find());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    /** Writes the zone by rename, as the README advises scripts to (an editor's save is the same kind of event). */
    private static void write(Path file, String address) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, """
                origin = "ready.test."
                [soa]
                mname = "ns1.ready.test."
                rname = "hostmaster.ready.test."
                serial = 2026112801

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1.ready.test."

                [[records]]
                name = "www"
                type = "A"
                data = "%s"
                """.formatted(address));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String dig(int port) throws Exception {
        Tools.Result r = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", "+time=2", "+tries=1",
                "www.ready.test.", "A");
        assertEquals(0, r.exit(), r.out());
        return r.out().trim();
    }

    /** Polls /ready (at most 15 s) until {@code done}; fails with the server's log otherwise. */
    private static HttpResponse<String> awaitReady(Process p, Path log, int http,
            Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            try {
                last = get(http, "/ready");
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // the HTTP endpoint starts after the zones are loaded
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/ready did not change as expected within 15 s; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()) + "\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                try (ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, loopback)) {
                    return tcp.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }
}
