package dev.tomldns.reload;

import dev.tomldns.testing.LogCapture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Managed SOA serials: date form YYYYMMDDnn, a rise on every content change and only then, never backwards in
 * RFC 1982 order, and the same across a restart (the state file beside the zones).
 */
class Rfc1982ManagedSerialTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);
    private static final Name ORG = Name.fromConstantString("example.org.");

    @TempDir
    Path dir;

    @Test
    void dateFormRisesAndNeverGoesBack() {
        assertEquals(2026112801L, ManagedSerial.next(null, DAY));
        assertEquals(2026112802L, ManagedSerial.next(2026112801L, DAY));
        assertEquals(2026112801L, ManagedSerial.next(2026112705L, DAY), "a new day starts at nn = 01");
        assertEquals(2026112900L, ManagedSerial.next(2026112899L, DAY), "the 100th change of a day still rises");
        assertEquals(2026120106L, ManagedSerial.next(2026120105L, DAY), "a clock set back does not lower it");
        // RFC 1982 §3.2: 4294967295 < 2026112801 in serial order (the difference is below 2^31), so today's wins.
        assertEquals(2026112801L, ManagedSerial.next(4294967295L, DAY));
        // ... while 4000000000 > 2026112801, so it continues from there and wraps past 2^32 - 1.
        assertEquals(4000000001L, ManagedSerial.next(4000000000L, DAY));
        assertEquals(0L, SerialArithmetic.next(4294967295L));
    }

    @Test
    void risesOnEachContentChangeOnlyAndSurvivesRestart() throws Exception {
        Path org = LiveServer.exampleZonesIn(dir).resolve("example.org.toml");
        ZoneRegistry registry = new ZoneRegistry();
        Reloader r = new Reloader(dir, registry, clockAt(DAY));
        r.reload();
        assertEquals(2026112801L, serial(registry));

        LiveServer.replaceIn(org, "\"198.51.100.10\"", "\"198.51.100.11\"");
        r.reload();
        assertEquals(2026112802L, serial(registry));

        // A comment or reordering is no content change.
        Files.writeString(org, "# edited by hand\n" + Files.readString(org));
        r.reload();
        assertEquals(2026112802L, serial(registry));

        // Restart with the same content: the same serial (no NOTIFY storm, no false change for secondaries).
        ZoneRegistry registry2 = new ZoneRegistry();
        new Reloader(dir, registry2, clockAt(DAY)).reload();
        assertEquals(2026112802L, serial(registry2));

        // Edited while the server was down: the serial continues upward after the restart.
        LiveServer.replaceIn(org, "\"198.51.100.11\"", "\"198.51.100.12\"");
        ZoneRegistry registry3 = new ZoneRegistry();
        Reloader r3 = new Reloader(dir, registry3, clockAt(DAY));
        r3.reload();
        assertEquals(2026112803L, serial(registry3));

        // The next day starts again at 01; a zone that is deleted and comes back never goes backwards.
        Reloader r4 = new Reloader(dir, new ZoneRegistry(), clockAt(DAY.plusDays(1)));
        r4.reload();
        String saved = Files.readString(org);
        Files.delete(org);
        r4.reload();
        Files.writeString(org, saved.replace("198.51.100.12", "198.51.100.13"));
        ZoneRegistry registry5 = new ZoneRegistry();
        new Reloader(dir, registry5, clockAt(DAY.minusDays(3))).reload();
        assertEquals(2026112804L, serial(registry5));

        String state = Files.readString(dir.resolve(SerialStateFile.NAME));
        assertTrue(state.contains("[\"example.org.\"]") && state.contains("serial = 2026112804"), state);
    }

    @Test
    void explicitSerialNotRaisedIsServedButWarnedWithItsLine() throws Exception {
        Path net = LiveServer.exampleZonesIn(dir).resolve("example.net.toml");
        int serialLine = ZoneFileHotReloadTest.lineOf(net, "serial = 2026112801");
        ZoneRegistry registry = new ZoneRegistry();
        Reloader r = new Reloader(dir, registry, clockAt(DAY));
        r.reload();
        try (LogCapture log = new LogCapture(Reloader.class)) {
            LiveServer.replaceIn(net, "\"192.0.2.10\"", "\"192.0.2.11\"");
            r.reload();
            Name net1 = Name.fromConstantString("example.net.");
            assertEquals("192.0.2.11",
                    registry.current().zone(net1).rrset(net1, org.xbill.DNS.Type.A).first().rdataToString());
            assertEquals(2026112801L, registry.current().zone(net1).serial());
            assertEquals(1, log.count(net + ":" + serialLine + ": warning: content changed but serial 2026112801 is "
                    + "not greater than 2026112801"), log.lines().toString());

            // Raised: no warning.
            LiveServer.replaceIn(net, "serial = 2026112801", "serial = 2026112802");
            r.reload();
            assertEquals(2026112802L, registry.current().zone(net1).serial());
            assertEquals(1, log.count("warning: content changed"), log.lines().toString());
        }
    }

    private static long serial(ZoneRegistry registry) {
        return registry.current().zone(ORG).serial();
    }

    private static Clock clockAt(LocalDate day) {
        return Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
    }
}
