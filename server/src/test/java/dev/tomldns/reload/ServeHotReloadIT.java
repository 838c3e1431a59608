package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Hot reload as a user runs it: the shaded jar's {@code serve --config --pid-file}, a zone edited on disk, then
 * {@code dig} sees the new data, the new serial's difference over IXFR (RFC 1995) and a secondary from the server
 * configuration's also-notify gets NOTIFY (RFC 1996); {@code tomldns reload} asks over the control socket
 * and prints the serial, SIGHUP reloads too; a deleted file is REFUSED.
 */
class ServeHotReloadIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");

    @TempDir
    Path dir;

    @Test
    void editIsServedDiffedOverIxfrAndNotifiedAndReloadCommandWorks() throws Exception {
        Path zones = LiveServer.exampleZonesIn(Files.createDirectory(dir.resolve("zones")));
        int port = freePort();
        try (dev.tomldns.testing.NotifySecondary secondary = new dev.tomldns.testing.NotifySecondary()) {
            Path config = dir.resolve("tomldns.toml");
            Files.writeString(config, """
                    [[zone]]
                    name = "example.org."
                    allow-transfer = ["127.0.0.1"]
                    also-notify = ["127.0.0.1:%d"]
                    """.formatted(secondary.address().getPort()));
            Path log = dir.resolve("serve.log");
            Path pid = dir.resolve("tomldns.pid");
            Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--config", config.toString(),
                    "--zones", zones.toString(), "--listen", "127.0.0.1:" + port, "--pid-file", pid.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long before = awaitSerial(port, p, log, s -> true);
                while (secondary.poll(Duration.ofMillis(300)) != null) {
                    // NOTIFY for the first load, if any
                }

                LiveServer.replaceIn(zones.resolve("example.org.toml"), "\"198.51.100.10\"", "\"198.51.100.11\"");
                long after = awaitSerial(port, p, log, s -> s != before);
                assertTrue(after > before, before + " -> " + after);
                assertEquals("198.51.100.11", LiveServer.firstData(ask(port, "example.org.", Type.A)));

                Message notify = secondary.next();
                assertEquals(after, ((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial());

                Tools.Result ixfr = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(port), "+tcp",
                        "example.org", "IXFR=" + before);
                assertTrue(ixfr.out().matches("(?s).*example\\.org\\.\\s+\\d+\\s+IN\\s+A\\s+198\\.51\\.100\\.10\n.*")
                        && ixfr.out().matches("(?s).*example\\.org\\.\\s+\\d+\\s+IN\\s+A\\s+198\\.51\\.100\\.11\n.*"),
                        "IXFR should delete .10 and add .11:\n" + ixfr.out());

                Tools.Result reload = Tools.run("java", "-jar", JAR.toString(), "reload", "--pid-file", pid.toString());
                assertEquals(0, reload.exit(), reload.out());
                assertTrue(reload.out().contains("example.org. serial " + after + " (unchanged)"), reload.out());
                awaitLog(log, "control socket: reload asked for by tomldns reload");
                Tools.Result hup = Tools.run("kill", "-HUP", Files.readString(pid).trim());
                assertEquals(0, hup.exit(), hup.out());
                awaitLog(log, "SIGHUP: reloading zones");

                Files.delete(zones.resolve("example.net.toml"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (ask(port, "example.net.", Type.SOA).getRcode() != Rcode.REFUSED) {
                    assertTrue(System.nanoTime() < deadline, "example.net. still served after its file was deleted");
                    Thread.sleep(20);
                }
            } finally {
                p.destroy();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
            }
            assertTrue(!Files.exists(pid), "the pid file is removed on shutdown");
        }
    }

    private static long awaitSerial(int port, Process p, Path log, java.util.function.LongPredicate done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            try {
                Message m = ask(port, "example.org.", Type.SOA);
                if (m.getRcode() == Rcode.NOERROR) {
                    long serial = ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
                    if (done.test(serial)) {
                        return serial;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no expected SOA serial within 30 s: " + Files.readString(log));
    }

    private static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "log lacks '" + text + "': " + Files.readString(log));
            Thread.sleep(50);
        }
    }

    private static Message ask(int port, String name, int type) throws Exception {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Fixture.query(name, type));
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
