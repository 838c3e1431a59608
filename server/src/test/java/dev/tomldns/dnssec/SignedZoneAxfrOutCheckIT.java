package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.Dig;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * What tomldns transfers out of a signed zone it holds as a secondary is the signed zone whole: Knot's
 * {@code kzonecheck -d on} and ldns's {@code ldns-verify-zone} (every RRSIG verified, the NSEC or NSEC3 chain
 * complete, RFC 4035 §2 and RFC 5155 §7.1) pass on {@code dig AXFR @tomldns}, for an NSEC and an NSEC3 zone. The
 * same file with one signature removed fails both, so the checkers do check. The served copy's earliest RRSIG is
 * on {@code /metrics} ({@code dns_zone_rrsig_expiry_seconds}).
 */
class SignedZoneAxfrOutCheckIT {
    static final Name NSEC = Name.fromConstantString("axfr-nsec.test.");
    static final Name NSEC3 = Name.fromConstantString("axfr-nsec3.test.");

    @TempDir Path dir;

    @Test
    void theZoneCheckersPassOnTomldnsAxfrOfASignedZone() throws Exception {
        int tomldnsPort = PeerServer.freePort();
        try (KnotSigner knot = new KnotSigner(dir.resolve("knot"), List.of(
                new KnotSigner.Zone(NSEC, SignedZoneCases.zone(NSEC), KnotSigner.Policy.NSEC),
                new KnotSigner.Zone(NSEC3, SignedZoneCases.zone(NSEC3), KnotSigner.Policy.NSEC3_OPT_OUT)),
                tomldnsPort);
             TomldnsSecondary tomldns = new TomldnsSecondary(dir.resolve("tomldns"), tomldnsPort)) {
            knot.start();
            tomldns.start(knot.port(), List.of(NSEC, NSEC3));
            for (Name zone : List.of(NSEC, NSEC3)) {
                assertTrue(tomldns.awaitSerial(zone, knot.serial(zone), Duration.ofSeconds(10)), tomldns.log());
                // The watchdog sees Knot's signatures: valid 14 days, so ready and about 14 days left.
                String metrics = tomldns.http("/metrics").body();
                java.util.regex.Matcher gauge = java.util.regex.Pattern.compile("(?m)^dns_zone_rrsig_expiry_seconds"
                        + "\\{zone=\"" + java.util.regex.Pattern.quote(zone.toString()) + "\"} (\\S+)$").matcher(metrics);
                assertTrue(gauge.find(), metrics);
                double days = Double.parseDouble(gauge.group(1)) / 86400;
                assertTrue(days > 12 && days <= 14.01, "earliest RRSIG of " + zone + " in " + days + " days");
                assertEquals(200, tomldns.http("/ready").statusCode(), tomldns.http("/ready").body());
                String axfr = Dig.run(tomldnsPort, "+nocmd", "+nostats", "+onesoa", zone.toString(), "AXFR");
                assertTrue(axfr.contains("RRSIG") && !axfr.contains("Transfer failed"), axfr);
                Path file = dir.resolve(zone + "zone");
                Files.writeString(file, axfr);

                Tools.Result kz = Tools.run("kzonecheck", "-d", "on", "-o", zone.toString(), file.toString());
                assertEquals(0, kz.exit(), "kzonecheck -d on on tomldns's AXFR of " + zone + ":\n" + kz.out());
                Tools.Result ldns = Tools.run("ldns-verify-zone", file.toString());
                assertEquals(0, ldns.exit(), "ldns-verify-zone on tomldns's AXFR of " + zone + ":\n" + ldns.out());

                // One RRSIG gone (the MX's): both checkers must notice.
                Path broken = dir.resolve(zone + "broken.zone");
                Files.writeString(broken, axfr.lines().filter(l -> !l.matches(".*\\sRRSIG\\s+MX\\s.*"))
                        .collect(Collectors.joining("\n", "", "\n")));
                assertNotEquals(0, Tools.run("kzonecheck", "-d", "on", "-o", zone.toString(), broken.toString())
                        .exit(), "kzonecheck missed a removed RRSIG");
                assertNotEquals(0, Tools.run("ldns-verify-zone", broken.toString()).exit(),
                        "ldns-verify-zone missed a removed RRSIG");
            }
        }
    }
}
