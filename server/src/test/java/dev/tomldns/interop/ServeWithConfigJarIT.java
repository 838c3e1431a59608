package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The README's transfer commands as a user runs them: {@code serve --config FILE} from the shaded jar, then dig. */
class ServeWithConfigJarIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");
    private static final String KEY = "hmac-sha256:xfr-key:" + InteropZones.KEY_256.secretBase64();

    @Test
    void configFileSetsListenZonesKeysAndTheTransferAcl(@TempDir Path dir) throws Exception {
        int port = PeerServer.freePort();
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, """
                listen = ["127.0.0.1:%d"]
                zones = "%s"
                [[key]]
                name = "xfr-key"
                algorithm = "hmac-sha256"
                secret = "%s"
                [[zone]]
                name = "example.net."
                allow-transfer = [ { key = "xfr-key" } ]
                """.formatted(port, Fixture.exampleZones(), InteropZones.KEY_256.secretBase64()));
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--config", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitServing(port, p, log);
            String signed = Dig.run(port, "-y", KEY, "example.net", "AXFR");
            assertTrue(signed.contains("XFR size:"), signed);
            assertTrue(signed.contains("CAA"), signed);
            String unsigned = Dig.run(port, "example.net", "AXFR");
            assertTrue(unsigned.contains("Transfer failed"), unsigned);
            String ixfr = Dig.run(port, "-y", KEY, "example.net", "IXFR=2026112801");
            assertTrue(ixfr.contains("XFR size: 1 records"), ixfr);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    @Test
    void badConfigNamesFileLineAndKeyAndExits1(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.toml");
        Files.writeString(conf, "[[zone]]\nname = \"example.net.\"\nalow-transfer = [\"127.0.0.1\"]\n");
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--config", conf.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains(conf + ":3: key 'zone[0].alow-transfer': unknown key"), out);
    }

    private static void awaitServing(int port, Process p, Path log) throws Exception {
        Name zone = InteropZones.name("example.net.");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            if (PeerServer.serialAt(new java.net.InetSocketAddress(PeerServer.LOOPBACK, port), zone) > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server did not answer: " + Files.readString(log));
    }
}
