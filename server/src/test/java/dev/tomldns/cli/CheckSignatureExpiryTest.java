package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.dnssec.SignedZones;
import dev.tomldns.xfr.ZoneFileStore;
import dev.tomldns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * {@code tomldns check} on signed zones (RFC 4035 §5.3.1): an RRSIG expiring within a day is a warning at its line,
 * one already expired an error (exit 1), naming the zone, the RRset and the time; with {@code --config} the stored
 * copies of secondary zones are checked the same way.
 */
class CheckSignatureExpiryTest {
    private static final Name ZONE = Name.fromConstantString("signed.test.");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir Path dir;

    @Test
    void signaturesTwoWeeksAwayAreNotMentioned() throws Exception {
        Path file = write(SignedZones.signed(ZONE, NOW.plus(Duration.ofDays(14)),
                Map.of("www", NOW.plus(Duration.ofDays(7)))));
        Cli.Result r = Cli.run("check", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("RRSIG of"), r.toString());
    }

    @Test
    void aSignatureExpiringWithinADayIsAWarningAtItsLine() throws Exception {
        Instant www = NOW.plus(Duration.ofHours(5));
        Path file = write(SignedZones.signed(ZONE, NOW.plus(Duration.ofDays(14)), Map.of("www", www)));
        Cli.Result r = Cli.run("check", file.toString());
        assertEquals(0, r.exit(), r.toString());
        int line = lineOf(file, "TXT " + 13);
        assertTrue(r.out().contains(file + ":" + line + ": warning: zone signed.test.: RRSIG of www.signed.test. TXT "
                + "expires " + www + " (in 4h 59m)") || r.out().contains(file + ":" + line + ": warning: zone "
                + "signed.test.: RRSIG of www.signed.test. TXT expires " + www + " (in 5h 0m)"), r.toString());
    }

    @Test
    void anExpiredSignatureIsAnErrorAndExit1AlsoInJson() throws Exception {
        Instant www = NOW.minus(Duration.ofHours(2));
        Path file = write(SignedZones.signed(ZONE, NOW.plus(Duration.ofDays(14)),
                Map.of("www", www, "mail", NOW.plus(Duration.ofHours(3)))));
        Cli.Result r = Cli.run("check", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(": zone signed.test.: RRSIG of www.signed.test. TXT expired " + www + " (2h 0m ago)"
                + ": validating resolvers answer SERVFAIL for it until the primary re-signs"), r.toString());
        assertTrue(r.err().contains("1 error(s)"), r.toString());

        Cli.Result json = Cli.run("check", "--format", "json", file.toString());
        assertEquals(1, json.exit(), json.toString());
        assertTrue(json.out().contains("\"severity\" : \"error\""), json.toString());
        assertTrue(json.out().contains("RRSIG of www.signed.test. TXT expired " + www), json.toString());
    }

    @Test
    void checkWithTheConfigurationReadsTheSecondaryCopiesInDataDir() throws Exception {
        Name secondary = Name.fromConstantString("copy.test.");
        Instant soon = NOW.plus(Duration.ofHours(20));
        List<Record> records = SignedZones.signed(secondary, soon, Map.of());
        SOARecord soa = (SOARecord) records.get(0);
        Path data = dir.resolve("data");
        ZoneFileStore store = new ZoneFileStore(data);
        store.save(Zone.build(soa, records.subList(1, records.size())));
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Cli.zone(zones, "plain.test", "");
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, """
                zones = "zones"
                data-dir = "data"
                [[secondary]]
                zone = "copy.test."
                primaries = ["127.0.0.1:53"]
                """);
        Cli.Result r = Cli.run("check", "--config", conf.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(store.fileOf(secondary) + ": warning: zone copy.test.: RRSIG of copy.test. "),
                r.toString());
        assertTrue(r.out().contains(" expires " + soon + " (in 19h 59m)") || r.out().contains(" expires " + soon
                + " (in 20h 0m)"), r.toString());

        List<Record> expiredCopy = SignedZones.signed(secondary, NOW.minusSeconds(30), Map.of());
        store.save(Zone.build(soa, expiredCopy.subList(1, expiredCopy.size())));
        Cli.Result expired = Cli.run("check", "--config", conf.toString());
        assertEquals(1, expired.exit(), expired.toString());
        assertTrue(expired.out().contains(store.fileOf(secondary) + ": zone copy.test.: RRSIG of copy.test. "),
                expired.toString());
    }

    @Test
    void aServerThatIsOnlyASecondaryIsCheckedWithoutZoneFiles() throws Exception {
        Name secondary = Name.fromConstantString("copy.test.");
        List<Record> records = SignedZones.signed(secondary, NOW.minusSeconds(60), Map.of());
        ZoneFileStore store = new ZoneFileStore(dir.resolve("data"));
        store.save(Zone.build((SOARecord) records.get(0), records.subList(1, records.size())));
        Files.createDirectories(dir.resolve("zones"));
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, "zones = \"zones\"\ndata-dir = \"data\"\n[[secondary]]\nzone = \"copy.test.\"\n"
                + "primaries = [\"127.0.0.1:53\"]\n");
        Cli.Result expired = Cli.run("check", "--config", conf.toString());
        assertEquals(1, expired.exit(), expired.toString());
        assertTrue(expired.out().contains("RRSIG of copy.test. "), expired.toString());
        assertFalse(expired.err().contains("no zone files"), expired.toString());

        List<Record> fresh = SignedZones.signed(secondary, NOW.plus(Duration.ofDays(10)), Map.of());
        store.save(Zone.build((SOARecord) fresh.get(0), fresh.subList(1, fresh.size())));
        Cli.Result ok = Cli.run("check", "--config", conf.toString());
        assertEquals(0, ok.exit(), ok.toString());
    }

    private Path write(List<Record> records) throws Exception {
        Path file = dir.resolve("signed.test.toml");
        Files.writeString(file, SignedZones.toml(ZONE, records));
        return file;
    }

    /** The line of the {@code data = "TXT 13 ...}" of the RRSIG (the record's table starts two lines above). */
    private static int lineOf(Path file, String dataStart) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("data = \"" + dataStart)) {
                return i - 2;
            }
        }
        throw new AssertionError(dataStart + " not in " + file);
    }
}
