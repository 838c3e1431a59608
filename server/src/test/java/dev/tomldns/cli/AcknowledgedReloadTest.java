package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.record;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.server.ReloadReporting;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.ControlSocket;
import dev.tomldns.reload.HotReload;
import dev.tomldns.reload.Reloader;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneRegistry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code tomldns reload} is acknowledged: it asks the server over its control socket and prints what the reload
 * did (per zone the serial before and after, or the file:line errors of a refused file, whose last good version
 * stays served), exit 0 when all loaded, 1 when a file failed, 2 when no server answers. Without a socket it falls
 * back to SIGHUP, but not to a process that ignores SIGHUP (under nohup), which would do nothing.
 */
class AcknowledgedReloadTest {
    private static final Name NET = Name.fromConstantString("example.net.");

    @TempDir
    Path dir;

    /** The server as serve wires reload: the reporting (strict or not), HotReload, the control socket. */
    private final class Server implements AutoCloseable {
        final Path zones;
        final Path state;
        final ZoneRegistry registry = new ZoneRegistry();
        final XfrServices xfr;
        final HotReload hot;
        final ControlSocket control;

        Server(boolean strict) throws Exception {
            zones = Files.createDirectories(dir.resolve("zones"));
            state = dir.resolve("state");
            xfr = XfrServices.install(ServerConfig.empty(), registry, new QueryProcessor(registry));
            Reloader reloader = new Reloader(zones, StateDirectory.open(state), registry, Clock.systemUTC());
            new ReloadReporting(DnsMetrics.NOOP, new ZoneReadiness(), xfr, strict).install(reloader);
            hot = HotReload.start(reloader, HotReload.DEFAULT_QUIET, false, false); // only reload brings changes
            hot.serving();
            control = ControlSocket.open(ControlSocket.in(StateDirectory.open(state)), hot::reloadNow).orElseThrow();
        }

        String caa() {
            return registry.current().zone(NET).rrset(NET, Type.CAA).first().rdataToString();
        }

        @Override
        public void close() {
            control.close();
            hot.close();
            xfr.close();
        }
    }

    @Test
    void reloadPrintsEachZonesSerialsAndExitsZero() throws Exception {
        try (Server s = new Server(false)) {
            zone(s.zones, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
            Cli.Result first = Cli.run("reload", "--state-dir", s.state.toString());
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.out().contains("example.net. added, serial 1"), first.toString());

            zone(s.zones, "example.org", "");
            zone(s.zones, "example.net", caa("@", 0, "issue", "letsencrypt.org") + record("www", "A", "192.0.2.7"));
            Files.writeString(s.zones.resolve("example.net.toml"), Files.readString(s.zones.resolve("example.net.toml"))
                    .replace("serial = 1", "serial = 2"));
            Cli.Result r = Cli.run("reload", "--state-dir", s.state.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("example.net. serial 1 -> 2\n"), r.toString());
            assertTrue(r.out().contains("example.org. added, serial 1\n"), r.toString());
            assertTrue(r.out().contains("reload: done, 2 zone(s) served"), r.toString());

            Cli.Result again = Cli.run("reload", "--state-dir", s.state.toString());
            assertTrue(again.out().contains("example.net. serial 2 (unchanged)"), again.toString());
        }
    }

    @Test
    void aRefusedFileIsNamedWithItsLineAndExitsOneWhileTheOldDataIsServed() throws Exception {
        try (Server s = new Server(false)) {
            zone(s.zones, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
            assertEquals(0, Cli.run("reload", "--state-dir", s.state.toString()).exit());

            zone(s.zones, "example.net", caa("@", 0, "issue", "other.example") + record("www", "A", "192.0.2.777"));
            Cli.Result r = Cli.run("reload", "--state-dir", s.state.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().matches("(?s).*example\\.net\\.toml:\\d+:.*192\\.0\\.2\\.777.*"), r.toString());
            assertTrue(r.out().contains("last good version of example.net. still served (serial 1)"), r.toString());
            assertEquals("0 issue \"letsencrypt.org\"", s.caa());
        }
    }

    @Test
    void strictReloadRefusesAPolicyErrorNamingFileAndRule() throws Exception {
        try (Server s = new Server(true)) {
            zone(s.zones, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
            assertEquals(0, Cli.run("reload", "--state-dir", s.state.toString()).exit());

            // RFC 8659 §4.2: an issuer domain with a NUL octet is no domain; a CA cannot match it.
            zone(s.zones, "example.net", caa("@", 0, "issue", "\\u0000"));
            Cli.Result r = Cli.run("reload", "--state-dir", s.state.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().matches("(?s).*example\\.net\\.toml:\\d+: .*policy error: issue \"\\\\000\".*"),
                    r.toString());
            assertFalse(r.out().contains("Exception"), r.toString());
            assertEquals("0 issue \"letsencrypt.org\"", s.caa());
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndFoundFromThePid() throws Exception {
        try (Server s = new Server(false)) {
            zone(s.zones, "example.net", "");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.control.path())));
            Cli.Result r = Cli.run("reload", "--pid", Long.toString(ProcessHandle.current().pid()));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("example.net. added, serial 1"), r.toString());
        }
    }

    @Test
    void noServerAnsweringIsExitTwo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.Result none = Cli.run("reload", "--state-dir", empty.toString());
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.err().contains("no running server found: no control socket at " + empty.toAbsolutePath()),
                none.toString());

        // A socket left by a server that died: nobody accepts on it.
        Path stale = ControlSocket.inStateDirectory(empty);
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertTrue(Files.exists(stale));
        Cli.Result dead = Cli.run("reload", "--state-dir", empty.toString());
        assertEquals(2, dead.exit(), dead.toString());
        assertTrue(dead.err().contains("no server answers on " + stale), dead.toString());

        Cli.Result gone = Cli.run("reload", "--pid", "999999999");
        assertEquals(2, gone.exit(), gone.toString());
        assertTrue(gone.err().contains("no process 999999999"), gone.toString());
    }

    @Test
    void withoutASocketSighupIsSentUnlessTheProcessIgnoresIt() throws Exception {
        Process ignoring = new ProcessBuilder("nohup", "sleep", "30").redirectOutput(dir.resolve("a").toFile())
                .redirectErrorStream(true).start();
        Process plain = new ProcessBuilder("sleep", "30").start();
        try {
            awaitSigIgnSet(ignoring.pid());
            Cli.Result refused = Cli.run("reload", "--pid", Long.toString(ignoring.pid()));
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("process " + ignoring.pid() + " has no control socket and ignores "
                    + "SIGHUP"), refused.toString());
            assertTrue(ignoring.isAlive());

            Cli.Result sent = Cli.run("reload", "--pid", Long.toString(plain.pid()));
            assertEquals(0, sent.exit(), sent.toString());
            assertTrue(sent.out().contains("sent SIGHUP to " + plain.pid()), sent.toString());
            assertTrue(plain.waitFor(5, TimeUnit.SECONDS), "sleep ends on SIGHUP: the signal was sent");
        } finally {
            ignoring.destroyForcibly();
            plain.destroyForcibly();
        }
    }

    /** nohup sets SIGHUP to ignored, then execs its command: wait until the exec happened. */
    private static void awaitSigIgnSet(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!dev.tomldns.reload.HangupSignal.ignoredBy(pid).orElse(false)
                || !Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("sleep")) {
            assertTrue(System.nanoTime() < deadline, "nohup did not start sleep");
            Thread.sleep(10);
        }
    }
}
