package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.reload.SerialArithmetic;
import dev.tomldns.testing.LogCapture;
import dev.tomldns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Keys are made on the first load, kept owner-only in the state directory, and the same after a restart (same
 * DNSKEY, so the DS at the registrar stays right); the serial after a restart rises above the one served before,
 * so secondaries take the new signatures (RFC 1982). The private key never reaches the log.
 */
class SigningKeysSurviveRestartTest {
    @TempDir
    Path dir;

    @Test
    void sameDnskeyAfterRestartAndOwnerOnlyFiles() throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, "true");
        Name origin = Name.fromString(SignedZones.ORIGIN);
        String firstKeys;
        long firstSerial;
        List<String> logged;
        try (LogCapture capture = new LogCapture(OnlineSigning.class);
             SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            firstKeys = dnskeys(s.zone(origin));
            firstSerial = s.zone(origin).serial();
            logged = capture.lines();
        }
        Path folder = dir.resolve("state").resolve(ZoneKeyStore.FOLDER);
        Path keyFile = folder.resolve("signed.test.keys.toml");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String privateKey = Files.readString(keyFile).lines().filter(l -> l.startsWith("private-key = "))
                .findFirst().orElseThrow().substring("private-key = \"".length(), 40);
        assertTrue(logged.stream().anyMatch(l -> l.contains("keys [csk")), logged.toString());
        assertTrue(logged.stream().noneMatch(l -> l.contains(privateKey)), "the private key was logged");
        assertFalse(firstKeys.isEmpty());

        try (SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            assertEquals(firstKeys, dnskeys(s.zone(origin)));
            long serial = s.zone(origin).serial();
            assertTrue(SerialArithmetic.greater(serial, firstSerial), serial + " after " + firstSerial);
        }
        // Backup is a copy of the folder: a server on a restored copy publishes the same key.
        Path restored = Files.createDirectories(dir.resolve("restored"));
        SignedZones.write(restored);
        Path restoredConfig = SigningServer.config(restored, SignedZones.ORIGIN, "true");
        Path into = Files.createDirectories(restored.resolve("state").resolve(ZoneKeyStore.FOLDER));
        try (var files = Files.list(folder)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, into.resolve(f.getFileName()));
            }
        }
        try (SigningServer s = new SigningServer(restoredConfig, new SigningServer.MovableClock(Instant.now()))) {
            assertEquals(firstKeys, dnskeys(s.zone(origin)));
        }
    }

    private static String dnskeys(Zone z) {
        List<Record> all = z.records();
        return all.stream().filter(r -> r.getType() == Type.DNSKEY).map(Record::rdataToString).sorted()
                .collect(Collectors.joining("\n"));
    }
}
