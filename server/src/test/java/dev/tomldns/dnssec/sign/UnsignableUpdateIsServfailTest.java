package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Tools;
import dev.tomldns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * RFC 2136 §3 with RFC 4035 §2: an update of a signed zone is applied only as a signed version. When signing it
 * fails (here the zone's key file is damaged on disk, as a full or broken disk would), nsupdate gets SERVFAIL, not
 * NOERROR; the change is neither served nor written to the dynamic records, and the last signed version stays
 * served. Once the key file is restored, the same update is applied and signed.
 */
class UnsignableUpdateIsServfailTest {
    @TempDir
    Path dir;

    @Test
    void updateThatCannotBeSignedIsServfailAndNotApplied() throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, "true");
        Name origin = Name.fromString(SignedZones.ORIGIN);
        try (SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            Path keyFile = ZoneKeyStore.at(dir.resolve("state").resolve(ZoneKeyStore.FOLDER)).file(origin);
            assertTrue(Files.isRegularFile(keyFile), keyFile.toString());
            byte[] good = Files.readAllBytes(keyFile);
            Files.writeString(keyFile, "this is not the key file tomldns wrote {{{\n");
            Zone before = s.zone(origin);

            Tools.Result update = SigningFollowsEditsTest.nsupdate(s.port,
                    "update add broken.signed.test. 300 A 192.0.2.99");
            assertTrue(update.exit() != 0 && update.out().contains("SERVFAIL"),
                    "nsupdate is told SERVFAIL:\n" + update.out());
            assertSame(before, s.zone(origin), "the last signed version stays served");
            Tools.Result dig = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(s.port),
                    "broken.signed.test.", "A", "+dnssec");
            assertTrue(dig.out().contains("status: NXDOMAIN"), "the change is not served:\n" + dig.out());
            assertFalse(dynamicRecordsMention("broken"), "the change is not written to the dynamic records");

            Files.write(keyFile, good);
            update = SigningFollowsEditsTest.nsupdate(s.port, "update add broken.signed.test. 300 A 192.0.2.99");
            assertEquals(0, update.exit(), update.out());
            dig = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(s.port), "broken.signed.test.", "A",
                    "+dnssec");
            assertTrue(dig.out().contains("status: NOERROR") && dig.out().contains("RRSIG\tA 13"),
                    "applied and signed once the keys are back:\n" + dig.out());
            assertTrue(dynamicRecordsMention("broken"), "and written to the dynamic records");
        }
    }

    private boolean dynamicRecordsMention(String label) throws Exception {
        Path dynamic = dir.resolve("state").resolve("dynamic");
        if (!Files.isDirectory(dynamic)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dynamic)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && Files.readString(f).contains(label)) {
                    return true;
                }
            }
        }
        return false;
    }
}
