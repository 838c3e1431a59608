package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A server started under {@code nohup} inherits SIGHUP ignored, which the JVM cannot undo: {@code serve} says so
 * at start, and {@code tomldns reload} reaches it over the control socket anyway. With {@code --strict} a zone whose
 * policy record is wrong is not served, at start or on a reload, and what {@code reload} prints names the file, the
 * line and the rule, while the last good data stays served. The shaded jar, as a user runs it.
 */
class ReloadUnderNohupIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");
    /** RFC 8659 §4.2: an issuer that is a NUL octet names no CA; the lint calls it a policy error. */
    private static final String NUL_ISSUER = "  { name = \"@\", type = \"CAA\", tag = \"issue\", value = \"\\u0000\" },\n";

    @TempDir
    Path dir;

    @Test
    void reloadUnderNohupIsAcknowledgedAndStrictKeepsPolicyErrorsOut() throws Exception {
        Path zones = LiveServer.exampleZonesIn(Files.createDirectory(dir.resolve("zones")));
        Path org = zones.resolve("example.org.toml");
        String good = Files.readString(org);
        Path bad = zones.resolve("example.com.toml");
        Files.writeString(bad, good.replace("example.org", "example.com").replace("records = [\n", "records = [\n"
                + NUL_ISSUER));
        Path state = dir.resolve("state");
        Path pid = dir.resolve("tomldns.pid");
        Path log = dir.resolve("serve.log");
        int port = freePort();
        Process p = new ProcessBuilder("nohup", "java", "-jar", JAR.toString(), "serve", "--zones", zones.toString(),
                "--state-dir", state.toString(), "--listen", "127.0.0.1:" + port, "--pid-file", pid.toString(),
                "--strict").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLog(p, log, "started:");
            awaitFile(pid);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(text.contains("SIGHUP is ignored by this process"), text);
            assertTrue(text.matches("(?s).*example\\.com\\.toml:\\d+: policy error: issue \"\\\\000\".*"), text);
            assertEquals(Rcode.REFUSED, ask(port, "example.com.", Type.SOA).getRcode(), "not served under --strict");

            // SIGHUP does nothing here (and does not end the server either).
            assertEquals(0, Tools.run("kill", "-HUP", Long.toString(p.pid())).exit());
            Thread.sleep(300);
            assertTrue(p.isAlive(), "SIGHUP ended the server");

            // Fixed and edited: when reload returns, the new data is served.
            Files.writeString(bad, good.replace("example.org", "example.com"));
            LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\"");
            Tools.Result ok = reload(pid);
            assertEquals(0, ok.exit(), ok.out());
            // The watcher may have read the edits first; either way reload reports what is served when it returns.
            assertTrue(ok.out().matches("(?s).*example\\.com\\. (added, serial \\d+|serial \\d+ \\(unchanged\\))\n.*"),
                    ok.out());
            assertTrue(ok.out().matches("(?s).*example\\.org\\. serial \\d+( -> \\d+| \\(unchanged\\))\n.*"), ok.out());
            assertEquals("198.51.100.11", LiveServer.firstData(ask(port, "example.org.", Type.A)));
            assertEquals(Rcode.NOERROR, ask(port, "example.com.", Type.SOA).getRcode());

            // A policy error on reload: not served, reload says where and which rule, exit 1.
            Files.writeString(org, Files.readString(org).replace("\"198.51.100.11\"", "\"198.51.100.12\"")
                    .replace("records = [\n", "records = [\n" + NUL_ISSUER));
            Tools.Result failed = reload(pid);
            assertEquals(1, failed.exit(), failed.out());
            assertTrue(failed.out().matches("(?s).*example\\.org\\.toml:5: policy error: issue \"\\\\000\".*"
                    + "\\[RFC 8659 §4\\.2].*"), failed.out());
            assertTrue(failed.out().contains("last good version of example.org. still served"), failed.out());
            assertFalse(failed.out().contains("Exception"), failed.out());
            assertEquals("198.51.100.11", LiveServer.firstData(ask(port, "example.org.", Type.A)));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
        assertFalse(Files.exists(state.resolve("control.sock")), "the control socket is removed on shutdown");
    }

    private static Tools.Result reload(Path pid) throws Exception {
        return Tools.run("java", "-jar", JAR.toString(), "reload", "--pid-file", pid.toString());
    }

    private static void awaitLog(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            assertTrue(p.isAlive(), "server exited: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "log lacks '" + text + "': " + Files.readString(log));
            Thread.sleep(50);
        }
    }

    private static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, file + " not written");
            Thread.sleep(20);
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
