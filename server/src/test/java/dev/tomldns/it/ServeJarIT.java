package dev.tomldns.it;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The README's commands, run as a user runs them: the shaded jar's {@code serve} and {@code check}. */
class ServeJarIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Message ask(int port, String name, int type) throws Exception {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Fixture.query(name, type));
    }

    /** Waits (bounded) until the server answers SOA for the zone. */
    private static void awaitReady(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            try {
                if (ask(port, "example.net.", Type.SOA).getRcode() == Rcode.NOERROR) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("server did not answer: " + Files.readString(log));
    }

    @Test
    void serveAnswersAndABrokenZoneDoesNotStopTheOthers(@TempDir Path dir) throws Exception {
        Path zones = Files.createDirectory(dir.resolve("zones"));
        Files.copy(Fixture.exampleZones().resolve("example.net.toml"), zones.resolve("example.net.toml"));
        Files.writeString(zones.resolve("broken.test.toml"),
                "[[records]]\nname = \"www\"\ntype = \"A\"\ndata = \"not-an-address\"\n\n[soa]\nmname = \"a\"\nrname = \"b\"\n");
        int port = freePort();
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--zones", zones.toString(),
                "--listen", "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(port, p, log);
            Tools.Result dig = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(port), "example.net", "CAA");
            assertTrue(dig.out().contains("flags: qr aa rd;"), dig.out());
            assertTrue(dig.out().matches("(?s).*\nexample\\.net\\.\\s+3600\\s+IN\\s+CAA\\s+0 issue \"letsencrypt\\.org\"\n.*"),
                    dig.out());
            assertEquals(Rcode.REFUSED, ask(port, "www.broken.test.", Type.A).getRcode());
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(out.contains("broken.test.toml:4: record www.broken.test. A: bad data 'not-an-address'"), out);
            assertTrue(out.contains("zone not served"), out);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    /**
     * Runs {@code launcher serve} on {@code zones} with {@code env} added, until it answers; checks that the JVM mapped
     * the class-data archive beside the jar and took the C2 directives; returns the output, with the server stopped.
     */
    private static String serveThrough(Path launcher, Path zones, Path dir, Map<String, String> env) throws Exception {
        int port = freePort();
        Path log = dir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--zones", zones.toString(), "--listen",
                "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            awaitReady(port, p, log);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(out.contains("Mapped dynamic region"), out);
            assertTrue(!out.contains("Unable to use shared archive"), out);
            assertTrue(out.contains("1 compiler directives added"), out);
            return out;
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    private static Path exampleNetIn(Path dir) throws IOException {
        Path zones = Files.createDirectory(dir.resolve("zones"));
        Files.copy(Fixture.exampleZones().resolve("example.net.toml"), zones.resolve("example.net.toml"));
        return zones;
    }

    /**
     * The README's start command: {@code bin/tomldns} starts the jar with the class-data archive the build made
     * beside it (dev.tomldns.cli.CdsTraining), which the JVM maps rather than refuses, and with its other options
     * (bin/tomldns explains each): a small initial heap, the zone code kept from C2, and huge pages for the heap
     * exactly when the kernel offers them.
     */
    @Test
    void launcherStartsWithTheClassDataArchiveAndItsJvmOptions(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(Fixture.root().resolve("server/target/tomldns.jsa")), "no archive after package");
        String out = serveThrough(Fixture.root().resolve("bin/tomldns"), exampleNetIn(dir), dir,
                Map.of("JAVA_OPTS", "-Xlog:cds=info -Xlog:gc+init"));
        assertTrue(out.contains("Heap Initial Capacity: 32M"), out);
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(thp) && Files.readString(thp).matches("(?s).*\\[(always|madvise)\\].*");
        assertEquals(offered, out.contains("Large Page Support: Enabled (Transparent)"), out);
    }

    /**
     * The layout docker/Dockerfile and the systemd unit install: the jar, its archive made there by the steps they
     * run, and the launcher in {@code bin/} beside it, found through TOMLDNS_JAR (here under a path with a space).
     */
    @Test
    void launcherRunsAJarInstalledAsTheImageAndTheUnitInstallIt(@TempDir Path dir) throws Exception {
        Path opt = Files.createDirectories(dir.resolve("opt tomldns"));
        Path bin = Files.createDirectory(opt.resolve("bin"));
        for (String f : List.of("tomldns", "tomldns-jit.json")) {
            Files.copy(Fixture.root().resolve("bin").resolve(f), bin.resolve(f));
        }
        Path jar = Files.copy(JAR, opt.resolve("tomldns.jar"));
        Tools.Result training = Tools.run(List.of("java", "-XX:ArchiveClassesAtExit=" + opt.resolve("tomldns.jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", jar.toString(), "dev.tomldns.cli.CdsTraining",
                Fixture.exampleZones().toString()));
        assertEquals(0, training.exit(), training.out());
        serveThrough(bin.resolve("tomldns"), exampleNetIn(dir), dir,
                Map.of("TOMLDNS_JAR", jar.toString(), "JAVA_OPTS", "-Xlog:cds=info -XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void checkCommandExitCodes(@TempDir Path dir) throws Exception {
        Tools.Result ok = Tools.run("java", "-jar", JAR.toString(), "check", "--zones", Fixture.exampleZones().toString());
        assertEquals(0, ok.exit(), ok.out());
        Path bad = dir.resolve("bad.test.toml");
        Files.writeString(bad, "[soa]\nmname = \"a\"\n");
        Tools.Result fail = Tools.run(List.of("java", "-jar", JAR.toString(), "check", bad.toString()));
        assertEquals(1, fail.exit(), fail.out());
        assertTrue(fail.out().contains(bad + ":1: missing soa.rname"), fail.out());
    }
}
