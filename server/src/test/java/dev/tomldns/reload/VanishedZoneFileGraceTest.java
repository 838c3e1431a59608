package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A zone file that vanishes keeps its zone served for {@link Reloader#VANISH_GRACE} (2 s): editors that save by
 * delete-then-create, and deploys that replace files, must not make its names REFUSED in between. A file that stays
 * away is removed once the grace period ends. The real server answers over UDP all the while.
 */
class VanishedZoneFileGraceTest {
    @TempDir
    Path dir;

    @Test
    void deleteThenCreateIsAnsweredThroughout() throws Exception {
        Path net = LiveServer.exampleZonesIn(dir).resolve("example.net.toml");
        String text = Files.readString(net);
        try (LiveServer s = LiveServer.start(dir)) {
            assertEquals(Rcode.NOERROR, s.ask("example.net.", Type.SOA).getRcode());
            Files.delete(net);
            // 400 ms without the file: well past the watcher's 50 ms quiet period, so reloads run meanwhile.
            int refused = askFor(s, Duration.ofMillis(400));
            Files.writeString(net, text.replace("v=spf1", "v=spf1 a"));
            refused += askFor(s, Duration.ofMillis(300));
            assertEquals(0, refused, "REFUSED answers while example.net.toml was being re-created");
            s.await("example.net.", Type.TXT, m -> m.toString().contains("v=spf1 a"), Duration.ofSeconds(5));
        }
    }

    @Test
    void fileThatStaysAwayIsRemovedAfterTheGracePeriod() throws Exception {
        Path net = LiveServer.exampleZonesIn(dir).resolve("example.net.toml");
        try (LiveServer s = LiveServer.start(dir)) {
            long deleted = System.nanoTime();
            Files.delete(net);
            assertEquals(0, askFor(s, Duration.ofMillis(1200)), "REFUSED within the grace period");
            s.await("example.net.", Type.SOA, m -> m.getRcode() == Rcode.REFUSED, Duration.ofSeconds(6));
            long took = (System.nanoTime() - deleted) / 1_000_000;
            assertTrue(took >= Reloader.VANISH_GRACE.toMillis(), "removed after " + took + " ms");
            assertEquals(Rcode.NOERROR, s.ask("example.org.", Type.SOA).getRcode());
        }
    }

    @Test
    void renamedFileTakesItsZoneOverAtOnce() throws Exception {
        LiveServer.exampleZonesIn(dir);
        Reloader reloader = new Reloader(dir, new dev.tomldns.zone.ZoneRegistry());
        reloader.reload();
        Path org = dir.resolve("example.org.toml");
        Files.writeString(dir.resolve("org.toml"), "origin = \"example.org.\"\n" + Files.readString(org));
        Files.delete(org);
        ReloadState state = reloader.reload();
        assertTrue(state.ok(), "the renamed file may take the origin of the vanished one: " + state.failingFiles());
        assertTrue(reloader.graceLeft().isEmpty(), "no grace period for a zone another file serves now");
        assertEquals(2, state.zones());
    }

    /** Asks for example.net. SOA every few milliseconds for {@code d}; returns how many answers were REFUSED. */
    private static int askFor(LiveServer s, Duration d) throws Exception {
        int refused = 0;
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Message m = s.ask("example.net.", Type.SOA);
            if (m.getRcode() == Rcode.REFUSED) {
                refused++;
            }
            Thread.sleep(5);
        }
        return refused;
    }
}
