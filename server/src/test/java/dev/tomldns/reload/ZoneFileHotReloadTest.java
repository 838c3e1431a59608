package dev.tomldns.reload;

import dev.tomldns.testing.LogCapture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 3: editing, breaking, adding and deleting zone files while the real server answers over UDP. Every change
 * must be live within a bound, and a broken file must never replace its last good version.
 */
class ZoneFileHotReloadTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void editedRecordIsServedAndManagedSerialRises() throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.org.toml");
        try (LiveServer s = LiveServer.start(dir)) {
            assertEquals("198.51.100.10", LiveServer.firstData(s.ask("example.org.", Type.A)));
            long before = serial(s.ask("example.org.", Type.SOA));

            LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\"");

            s.await("example.org.", Type.A, m -> "198.51.100.11".equals(LiveServer.firstData(m)), BOUND);
            long after = serial(s.ask("example.org.", Type.SOA));
            assertTrue(after > before, "managed serial " + before + " -> " + after);
        }
    }

    @Test
    void brokenEditKeepsLastGoodVersionAndNamesFileAndLineOnce() throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.org.toml");
        int line = lineOf(org, "198.51.100.77");
        try (LiveServer s = LiveServer.start(dir); LogCapture log = new LogCapture(Reloader.class)) {
            LiveServer.replaceIn(org, "\"198.51.100.77\"", "\"198.51.100.777\"");
            ReloadState state = awaitState(s, st -> !st.ok());

            List<Diagnostic> errors = state.failingFiles().get(org);
            String expected = org + ":" + line + ": ";
            assertTrue(errors.get(0).toString().startsWith(expected), errors + " should start with " + expected);
            assertTrue(errors.get(0).toString().contains("198.51.100.777"), errors.toString());
            // The last good version is still whole: the wildcard and the apex answer as before.
            assertEquals("198.51.100.77", LiveServer.firstData(s.ask("x.lab.example.org.", Type.A)));
            assertEquals("198.51.100.10", LiveServer.firstData(s.ask("example.org.", Type.A)));

            // More reloads of the unchanged broken file log nothing again: once per change, not once per run.
            for (int i = 0; i < 3; i++) {
                s.hot.reloader().reload();
            }
            assertEquals(1, log.count(expected), log.lines().toString());

            LiveServer.replaceIn(org, "\"198.51.100.777\"", "\"198.51.100.78\"");
            s.await("x.lab.example.org.", Type.A, m -> "198.51.100.78".equals(LiveServer.firstData(m)), BOUND);
            awaitState(s, ReloadState::ok);
        }
    }

    @Test
    void deletedFileIsRefusedAndNewFileIsServed() throws Exception {
        LiveServer.exampleZonesIn(dir);
        try (LiveServer s = LiveServer.start(dir)) {
            assertEquals(Rcode.NOERROR, s.ask("example.net.", Type.A).getRcode());
            assertEquals(Rcode.REFUSED, s.ask("new.test.", Type.A).getRcode());

            Files.delete(dir.resolve("example.net.toml"));
            LiveServer.writeAtomically(dir.resolve("new.test.toml"), """
                    [soa]
                    mname = "ns.new.test."
                    rname = "hostmaster.new.test."
                    [[records]]
                    name = "@"
                    type = "NS"
                    data = "ns"
                    [[records]]
                    name = "ns"
                    type = "A"
                    data = "192.0.2.99"
                    """);

            s.await("example.net.", Type.A, m -> m.getRcode() == Rcode.REFUSED, BOUND);
            s.await("ns.new.test.", Type.A, m -> "192.0.2.99".equals(LiveServer.firstData(m)), BOUND);
            assertEquals("198.51.100.10", LiveServer.firstData(s.ask("example.org.", Type.A)));
        }
    }

    @Test
    void editorTemporaryFilesAreNotZones() throws Exception {
        LiveServer.exampleZonesIn(dir);
        try (LiveServer s = LiveServer.start(dir)) {
            Files.writeString(dir.resolve(".example.org.toml.swp"), "not toml at all [");
            Files.writeString(dir.resolve("example.org.toml~"), "not toml at all [");
            s.hot.reloader().reload();
            assertTrue(s.hot.reloader().state().ok(), s.hot.reloader().state().toString());
            assertEquals(2, s.registry.current().size());
        }
    }

    static ReloadState awaitState(LiveServer s, java.util.function.Predicate<ReloadState> done) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            ReloadState st = s.hot.reloader().state();
            if (done.test(st)) {
                return st;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("reload state not reached within " + BOUND + ": " + s.hot.reloader().state());
    }

    static long serial(Message m) {
        return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
    }

    static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
