package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.reload.SerialArithmetic;
import dev.tomldns.testing.Tools;
import dev.tomldns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A signed zone stays signed through a dynamic update (nsupdate, RFC 2136) and a reload of its edited file: the
 * changed RRset carries a new signature within 1 s of the change, the NSEC chain takes the new name in, the
 * unchanged RRsets keep their signatures, the serial rises, the IXFR from the old serial carries the new
 * signatures, and the AXFR-out passes ldns-verify-zone after each step.
 */
class SigningFollowsEditsTest {
    private static final String SECRET = "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ=";

    @TempDir
    Path dir;

    @Test
    void updateAndReloadAreSignedBeforeTheyAreServed() throws Exception {
        Path file = SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, "true");
        Name origin = Name.fromString(SignedZones.ORIGIN);
        try (SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            Zone before = s.zone(origin);
            String caaSig = signature(before, "signed.test.", Type.CAA);

            Tools.Result update = nsupdate(s.port, "update add new.signed.test. 300 A 192.0.2.77");
            assertEquals(0, update.exit(), update.out());
            Zone updated = await(s, origin, before, 1000);
            assertTrue(SerialArithmetic.greater(updated.serial(), before.serial()));
            assertTrue(!signature(updated, "new.signed.test.", Type.A).isEmpty(), "the new A is signed");
            assertTrue(updated.records().stream().anyMatch(r -> r.getType() == Type.NSEC
                    && r.getName().toString().equals("new.signed.test.")), "the NSEC chain has the new name");
            assertEquals(caaSig, signature(updated, "signed.test.", Type.CAA), "unchanged RRsets keep signatures");
            verifies(s, "after the update");
            Tools.Result ixfr = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(s.port), SignedZones.ORIGIN,
                    "IXFR=" + before.serial(), "+nocomments", "+nostats", "+nocmd");
            assertTrue(ixfr.out().contains("RRSIG\tA 13 3 300"), "IXFR carries the new signature:\n" + ixfr.out());

            Files.writeString(file, Files.readString(file).replace("letsencrypt.org", "sectigo.com"));
            s.reloader.reload();
            Zone reloaded = s.zone(origin);
            assertTrue(SerialArithmetic.greater(reloaded.serial(), updated.serial()));
            String newCaaSig = signature(reloaded, "signed.test.", Type.CAA);
            assertTrue(!newCaaSig.isEmpty() && !newCaaSig.equals(caaSig), "the edited CAA is signed anew");
            assertEquals(signature(updated, "mail.signed.test.", Type.A), signature(reloaded, "mail.signed.test.",
                    Type.A), "what the edit did not touch keeps its signature");
            verifies(s, "after the reload");
        }
    }

    /**
     * A signed zone whose file sets its serial and is edited without raising it: the signer raises the serial
     * (secondaries do transfer it), so the reload does not warn that they would not.
     */
    @Test
    void fileSerialNotRaisedIsRaisedBySignerWithoutAWarning() throws Exception {
        Path file = SignedZones.write(dir);
        Files.writeString(file, Files.readString(file).replace("minimum = 300", "minimum = 300\nserial = 5"));
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, "true");
        Name origin = Name.fromString(SignedZones.ORIGIN);
        try (dev.tomldns.testing.LogCapture log = new dev.tomldns.testing.LogCapture(dev.tomldns.reload.Reloader.class);
             SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            long first = s.zone(origin).serial();
            assertEquals(5, first);
            Files.writeString(file, Files.readString(file).replace("letsencrypt.org", "sectigo.com"));
            s.reloader.reload();
            assertEquals(6, s.zone(origin).serial());
            assertEquals(0, log.count("is not greater than"), log.lines().toString());
            verifies(s, "after an edit without a new serial");
        }
    }

    private void verifies(SigningServer s, String when) throws Exception {
        Tools.Result axfr = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(s.port), SignedZones.ORIGIN,
                "AXFR", "+nocomments", "+nostats", "+nocmd", "+onesoa");
        Path out = Files.writeString(dir.resolve("axfr.zone"), axfr.out());
        Tools.Result ldns = Tools.run("ldns-verify-zone", out.toString());
        assertEquals(0, ldns.exit(), when + ": ldns-verify-zone:\n" + ldns.out() + "\n" + axfr.out());
    }

    static Tools.Result nsupdate(int port, String line) throws Exception {
        Path script = Files.createTempFile("nsupdate", ".txt");
        try {
            Files.writeString(script, "server 127.0.0.1 " + port + "\nzone signed.test.\n" + line + "\nsend\n");
            return Tools.run("nsupdate", "-y", "hmac-sha256:update-key:" + SECRET, script.toString());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Waits until the served version differs from {@code before}; fails after {@code millis}. */
    private static Zone await(SigningServer s, Name origin, Zone before, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Zone now = s.zone(origin);
            if (now != before) {
                return now;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no new version within " + millis + " ms");
    }

    /** The RRSIG(s) over {@code name}/{@code type} as text, empty when none. */
    private static String signature(Zone z, String name, int type) {
        List<Record> all = z.records();
        StringBuilder out = new StringBuilder();
        for (Record r : all) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == type && r.getName().toString().equals(name)) {
                out.append(sig.rdataToString());
            }
        }
        return out.toString();
    }
}
