package dev.tomldns.dnssec;

import dev.tomldns.interop.PeerServer;
import dev.tomldns.testing.Fixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * tomldns as a user runs it: the shaded jar, {@code serve --config tomldns.toml --http ...}, with one
 * {@code [[secondary]]} per zone, transferring from the signer and open to AXFR from loopback; or serving TOML
 * zone files made by {@code tomldns import}.
 */
public final class TomldnsSecondary implements AutoCloseable {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private final int httpPort;
    private Process process;

    public TomldnsSecondary(Path dir, int port) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = port;
        this.httpPort = PeerServer.freePort();
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(PeerServer.LOOPBACK, port);
    }

    /** Starts serving the zones as secondary of the server on {@code primaryPort}; waits for each to be served. */
    public TomldnsSecondary start(int primaryPort, List<Name> zones) throws Exception {
        StringBuilder c = new StringBuilder();
        for (Name z : zones) {
            c.append("\n[[secondary]]\nzone = \"").append(z).append("\"\nprimaries = [\"127.0.0.1:")
                    .append(primaryPort).append("\"]\nallow-transfer = [\"127.0.0.0/8\"]\n");
        }
        return serve(c.toString(), zones);
    }

    /** Starts serving the TOML zone files in {@code zones/} of its folder (as primary); waits for each zone. */
    public TomldnsSecondary startPrimary(List<Name> zones) throws Exception {
        return serve("", zones);
    }

    /** The folder of TOML zone files ({@code zones = "zones"}). */
    public Path zonesDir() throws IOException {
        return Files.createDirectories(dir.resolve("zones"));
    }

    private TomldnsSecondary serve(String tables, List<Name> zones) throws Exception {
        String c = "listen = [\"127.0.0.1:" + port + "\"]\n"
                + "zones = \"zones\"\ndata-dir = \"data\"\nstate-dir = \"state\"\n" + tables;
        zonesDir();
        Files.writeString(dir.resolve("tomldns.toml"), c);
        process = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--config",
                dir.resolve("tomldns.toml").toString(), "--http", "127.0.0.1:" + httpPort)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (Name z : zones) {
            while (PeerServer.serialAt(address(), z) < 0) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    throw new IllegalStateException("tomldns did not serve " + z + ":\n" + log());
                }
                Thread.sleep(100);
            }
        }
        return this;
    }

    /** {@code tomldns import --origin ZONE -o zones/ZONE.toml FILE}, as a user moves a signed zone over. */
    public void importZone(Name zone, Path rfc1035File) throws IOException, InterruptedException {
        Path out = zonesDir().resolve(zone + "toml");
        dev.tomldns.testing.Tools.Result r = dev.tomldns.testing.Tools.run("java", "-jar", JAR.toString(), "import",
                "--origin", zone.toString(), "-o", out.toString(), rfc1035File.toString());
        if (r.exit() != 0) {
            throw new IllegalStateException("tomldns import of " + rfc1035File + " failed:\n" + r.out());
        }
    }

    /** Polls until tomldns serves {@code serial} for the zone; bounded. */
    public boolean awaitSerial(Name zone, long serial, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (PeerServer.serialAt(address(), zone) == serial) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** GET {@code path} on the HTTP endpoint. */
    public HttpResponse<String> http(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("serve.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
