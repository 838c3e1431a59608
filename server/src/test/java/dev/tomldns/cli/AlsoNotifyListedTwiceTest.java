package dev.tomldns.cli;

import dev.tomldns.testing.NotifySecondary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1996 §3.6: a secondary listed both in a zone file's {@code also-notify} and in the server configuration's
 * {@code [[zone]] also-notify} hears one NOTIFY per serial change, the configuration's (which is signed with its
 * TSIG key); a target only the file lists is still notified.
 */
class AlsoNotifyListedTwiceTest {
    private static final String SECRET = "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ=";

    @TempDir
    Path dir;

    @Test
    void aTargetInBothListsIsNotifiedOnceSignedWithTheConfigKey() throws Exception {
        try (NotifySecondary both = new NotifySecondary(); NotifySecondary fileOnly = new NotifySecondary()) {
            Path zones = Files.createDirectories(dir.resolve("zones"));
            Files.writeString(zones.resolve("dup.test.toml"), """
                    origin = "dup.test."
                    also-notify = ["127.0.0.1:%d", "127.0.0.1:%d"]
                    [soa]
                    mname = "ns1.dup.test."
                    rname = "hostmaster.dup.test."
                    serial = 2026112801

                    [[records]]
                    name = "@"
                    type = "NS"
                    data = "ns1.dup.test."
                    """.formatted(both.port(), fileOnly.port()));
            Path conf = dir.resolve("tomldns.toml");
            Files.writeString(conf, """
                    zones = "%s"
                    data-dir = "%s"
                    [[key]]
                    name = "notify-key"
                    algorithm = "hmac-sha256"
                    secret = "%s"
                    [[zone]]
                    name = "dup.test."
                    also-notify = [ { to = "127.0.0.1:%d", key = "notify-key" } ]
                    """.formatted(zones, dir.resolve("data"), SECRET, both.port()));
            try (WiredServer server = new WiredServer(conf, 0)) {
                WiredServer.await(10, () -> !both.received().isEmpty() && !fileOnly.received().isEmpty(),
                        () -> both.received().size() + " / " + fileOnly.received().size() + " NOTIFY received");
                Thread.sleep(2000); // a second NOTIFY to the same target would come within this
                assertEquals(1, both.received().size(), both.received().toString());
                assertNotNull(both.received().get(0).getTSIG(), "the config's entry wins: signed with notify-key");
                assertEquals(1, fileOnly.received().size(), fileOnly.received().toString());
                assertNull(fileOnly.received().get(0).getTSIG());
                assertEquals(2.0, server.count("dns.notifies", "direction", "out", "result", "ok"));
            }
        }
    }
}
