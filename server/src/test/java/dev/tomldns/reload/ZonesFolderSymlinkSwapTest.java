package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The zones folder as deploy tools lay it out: {@code zones} is a symlink to a release folder, switched atomically
 * to the next release (a new symlink renamed over the old, as {@code ln -sfn} + {@code mv -T} do). The watcher
 * follows the configured path: the new release is served without SIGHUP, and later edits in it are picked up.
 */
class ZonesFolderSymlinkSwapTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void switchedSymlinkIsFollowedAndLaterEditsAreSeen() throws Exception {
        Path a = LiveServer.exampleZonesIn(Files.createDirectories(dir.resolve("releases/a")));
        Path b = LiveServer.exampleZonesIn(Files.createDirectories(dir.resolve("releases/b")));
        LiveServer.replaceIn(b.resolve("example.org.toml"), "\"198.51.100.10\"", "\"198.51.100.20\"");
        Path zones = dir.resolve("zones");
        Files.createSymbolicLink(zones, a);
        try (LiveServer s = LiveServer.start(zones)) {
            assertEquals("198.51.100.10", LiveServer.firstData(s.ask("example.org.", Type.A)));

            switchLink(zones, b);
            s.await("example.org.", Type.A, m -> "198.51.100.20".equals(LiveServer.firstData(m)), BOUND);

            LiveServer.replaceIn(b.resolve("example.org.toml"), "\"198.51.100.20\"", "\"198.51.100.21\"");
            s.await("example.org.", Type.A, m -> "198.51.100.21".equals(LiveServer.firstData(m)), BOUND);

            // The old release is no longer followed: an edit there changes nothing.
            LiveServer.replaceIn(a.resolve("example.org.toml"), "\"198.51.100.10\"", "\"198.51.100.30\"");
            Thread.sleep(300);
            assertEquals("198.51.100.21", LiveServer.firstData(s.ask("example.org.", Type.A)));
        }
    }

    /** Points {@code link} at {@code target} in one step: a new symlink renamed over the old one. */
    private static void switchLink(Path link, Path target) throws Exception {
        Path tmp = link.resolveSibling(".zones.new");
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
