package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A reload reads a zone file again only when its {@link FileStamp} (inode, size, modification time) changed, as NSD
 * and Knot look at the modification time; but a stamp taken within {@link FileStamp#SETTLED_MILLIS} of the file's
 * last write is not trusted, since a second write in the same clock tick would leave it as it was.
 */
class ZoneFileStampTest {
    private static final Name ORG = Name.fromConstantString("example.org.");

    @TempDir
    Path dir;

    private static String apexA(ZoneRegistry registry) {
        return registry.current().zone(ORG).rrset(ORG, Type.A).first().rdataToString();
    }

    /** The example zones, example.org's file last modified at {@code time}, loaded by a new reloader. */
    private Reloader loaded(ZoneRegistry registry, FileTime time) throws Exception {
        Files.setLastModifiedTime(LiveServer.exampleZonesIn(dir).resolve("example.org.toml"), time);
        Reloader r = new Reloader(dir, registry);
        r.reload();
        assertEquals("198.51.100.10", apexA(registry));
        return r;
    }

    /** The same length written in place (same inode), the time put back: the only change a stamp cannot see. */
    private static void rewriteKeepingStamp(Path file, FileTime time) throws Exception {
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"198.51.100.10\"", "\"198.51.100.11\""));
        Files.setLastModifiedTime(file, time);
    }

    @Test
    void aSettledFileWhoseStampDidNotChangeIsNotReadAgain() throws Exception {
        FileTime minuteAgo = FileTime.from(Instant.now().minusSeconds(60));
        ZoneRegistry registry = new ZoneRegistry();
        Reloader r = loaded(registry, minuteAgo);
        Path org = dir.resolve("example.org.toml");

        rewriteKeepingStamp(org, minuteAgo);
        r.reload();
        assertEquals("198.51.100.10", apexA(registry), "read again although its stamp did not change");

        // Any new modification time (an editor's save, touch) has it read again.
        Files.setLastModifiedTime(org, FileTime.from(Instant.now()));
        r.reload();
        assertEquals("198.51.100.11", apexA(registry));
    }

    @Test
    void aFileWrittenJustBeforeItWasReadIsReadAgainEvenWithTheSameStamp() throws Exception {
        FileTime justNow = FileTime.from(Instant.now());
        ZoneRegistry registry = new ZoneRegistry();
        Reloader r = loaded(registry, justNow);
        Path org = dir.resolve("example.org.toml");

        rewriteKeepingStamp(org, justNow);
        r.reload();
        assertEquals("198.51.100.11", apexA(registry), "a racy stamp was trusted");
    }

    @Test
    void aFileRenamedOverTheOldOneIsReadAgainWhateverItsTimeAndSize() throws Exception {
        FileTime minuteAgo = FileTime.from(Instant.now().minusSeconds(60));
        ZoneRegistry registry = new ZoneRegistry();
        Reloader r = loaded(registry, minuteAgo);
        Path org = dir.resolve("example.org.toml");

        LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\""); // written aside and renamed over it
        Files.setLastModifiedTime(org, minuteAgo);
        r.reload();
        assertEquals("198.51.100.11", apexA(registry));
    }
}
