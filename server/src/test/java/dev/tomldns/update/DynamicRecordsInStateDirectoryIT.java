package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Dynamic records are the server's state: they live in the state directory ({@code serve --state-dir}; the systemd
 * unit's {@code /var/lib/tomldns}), which must be writable, not in {@code data-dir} beside the configuration (read-only
 * under the unit). A file an older version left in {@code DATA-DIR/dynamic} is moved there at start, with one log
 * line naming both paths, and its records are served; the next update writes the new place only.
 */
class DynamicRecordsInStateDirectoryIT {
    static final String SECRET = "bWlncmF0ZS1rZXktbWlncmF0ZS1rZXktbWlncmF0ZSE=";

    @TempDir Path dir;

    @Test
    void aDynamicRecordsFileInDataDirIsMovedToTheStateDirectoryAndServed() throws Exception {
        UpdateSetup.write(dir, "mig.test.", 10L, "", SECRET, "\"TXT\"", "");
        // As an earlier version wrote it: DATA-DIR (default "secondary" beside the configuration)/dynamic/<zone>.toml.
        Path old = Files.createDirectories(dir.resolve("secondary/dynamic")).resolve("mig.test.toml");
        Files.writeString(old, """
                zone = "mig.test."
                serial = 12

                [[rrset]]
                name = "old.mig.test."
                type = "TXT"
                file = []
                records = [
                  { name = "old.mig.test.", type = "TXT", ttl = 60, data = "\\"acknowledged\\"" },
                ]
                """);
        Path state = dir.resolve("state");
        try (ServeProcess server = new ServeProcess(dir, "--state-dir", state.toString())) {
            server.start("mig.test.");
            assertEquals(List.of("acknowledged"), server.data("old.mig.test.", Type.TXT), server.log());
            assertEquals(12, server.serial("mig.test."));
            Path moved = state.resolve("dynamic/mig.test.toml");
            assertTrue(Files.readString(moved).contains("old.mig.test."));
            assertFalse(Files.exists(old), "the old file is removed once its records are in the state directory");
            List<String> lines = server.log().lines().filter(l -> l.contains("dynamic records moved")).toList();
            assertEquals(1, lines.size(), server.log());
            assertTrue(lines.get(0).contains(old.toString()) && lines.get(0).contains(moved.toString()), lines.get(0));
        }
    }
}
