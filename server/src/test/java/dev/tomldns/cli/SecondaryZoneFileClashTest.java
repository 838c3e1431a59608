package dev.tomldns.cli;

import dev.tomldns.testing.LogCapture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * One zone, one source: a TOML zone file whose origin is also a {@code [[secondary]]} of the server configuration
 * would silently replace the transferred copy, so it is an error naming the file and the configuration's key and line:
 * {@code serve} does not start, and a reload leaves the file out.
 */
class SecondaryZoneFileClashTest {
    @TempDir
    Path dir;

    private Path setUp() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Cli.zone(zones, "clash.test", "");
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, """
                zones = "%s"
                data-dir = "%s"

                [[secondary]]
                zone = "clash.test."
                primaries = ["127.0.0.1:9"]
                """.formatted(zones, dir.resolve("data")));
        return conf;
    }

    @Test
    void serveDoesNotStartAndNamesTheFileAndTheConfigKeyAndLine() throws Exception {
        Path conf = setUp();
        try (LogCapture log = new LogCapture(ServeCommand.class)) {
            Cli.Result r = Cli.run("serve", "--config", conf.toString(), "--listen", "127.0.0.1:0");
            assertEquals(1, r.exit(), r.toString());
            String expected = "ERROR not starting: " + dir.resolve("zones/clash.test.toml") + ":1: zone clash.test. "
                    + "is also a secondary zone (" + conf + ":5: key 'secondary[0].zone'); a zone comes from one "
                    + "place: remove this file or the [[secondary]] entry";
            assertTrue(log.lines().contains(expected), log.lines() + "\nexpected: " + expected);
        }
    }

    @Test
    void theFileIsLeftOutAndReadinessNamesIt() throws Exception {
        Path conf = setUp();
        try (WiredServer server = new WiredServer(conf, 0, false)) { // as a reload after the start finds it
            assertNull(server.registry.current().zone(Name.fromConstantString("clash.test.")));
            String detail = server.readiness.check().detail();
            assertFalse(server.readiness.check().ready());
            assertTrue(detail.contains("clash.test.toml:1: zone clash.test. is also a secondary zone (" + conf
                    + ":5: key 'secondary[0].zone')"), detail);
        }
    }
}
