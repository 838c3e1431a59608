package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.cli.Main;
import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code tomldns reload} sends SIGHUP to a process without a control socket, and SIGHUP reloads: with no watcher
 * running, only the signal can bring the edit in. The signal goes to this test's own JVM, whose handler is installed first (without one, SIGHUP would
 * end the JVM and fail the run).
 */
class HangupReloadTest {
    private static final Name ORG = Name.fromConstantString("example.org.");

    @TempDir
    Path dir;

    @Test
    void reloadCommandSendsHangupAndTheEditIsServed() throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.org.toml");
        ZoneRegistry registry = new ZoneRegistry();
        Reloader reloader = new Reloader(dir, registry);
        reloader.reload();
        assertEquals(true, HangupSignal.install(reloader::reload));

        LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\"");
        Path pidFile = dir.resolve("tomldns.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        assertEquals(0, Main.run("reload", "--pid-file", pidFile.toString()));
        awaitA(registry, "198.51.100.11");

        LiveServer.replaceIn(org, "\"198.51.100.11\"", "\"198.51.100.12\"");
        assertEquals(0, Main.run("reload", "--pid", Long.toString(ProcessHandle.current().pid())));
        awaitA(registry, "198.51.100.12");
    }

    @Test
    void reloadCommandFailsWithoutAServer() throws Exception {
        Path pidFile = dir.resolve("gone.pid");
        Files.writeString(pidFile, "999999999\n");
        assertEquals(2, Main.run("reload", "--pid-file", pidFile.toString())); // 2: no server answers
        assertEquals(2, Main.run("reload", "--pid-file", dir.resolve("missing.pid").toString()));
    }

    private static void awaitA(ZoneRegistry registry, String address) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String now = null;
        while (System.nanoTime() < deadline) {
            now = registry.current().zone(ORG).rrset(ORG, Type.A).first().rdataToString();
            if (address.equals(now)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("SIGHUP did not bring in " + address + " within 5 s; serving " + now);
    }
}
