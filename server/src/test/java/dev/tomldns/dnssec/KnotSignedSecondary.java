package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.PeerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** The Knot-signs, tomldns-serves, Unbound-validates scenario, for each Knot signing policy. */
final class KnotSignedSecondary {
    private KnotSignedSecondary() {
    }

    static void run(Path dir, Name zone, KnotSigner.Policy policy, Map<String, String> overrides) throws Exception {
        int tomldnsPort = PeerServer.freePort();
        Name child = SignedZoneCases.unsignedChild(zone);
        try (KnotSigner knot = new KnotSigner(dir.resolve("knot"), List.of(
                new KnotSigner.Zone(zone, SignedZoneCases.zone(zone), policy),
                new KnotSigner.Zone(child, SignedZoneCases.unsignedChildZone(zone), KnotSigner.Policy.UNSIGNED)),
                tomldnsPort);
             TomldnsSecondary tomldns = new TomldnsSecondary(dir.resolve("tomldns"), tomldnsPort)) {
            knot.start();
            long signed = knot.serial(zone);
            tomldns.start(knot.port(), List.of(zone));
            assertTrue(tomldns.awaitSerial(zone, signed, Duration.ofSeconds(10)), tomldns.log());
            List<String> anchors = knot.trustAnchors(zone);
            SecondaryValidation.compare(dir, "signed", zone, anchors, knot, tomldns, overrides);

            knot.resign(zone);
            long resigned = awaitNewSerial(knot, zone, signed);
            assertTrue(tomldns.awaitSerial(zone, resigned, Duration.ofSeconds(10)),
                    "tomldns did not follow the re-signed serial " + resigned + "\n" + tomldns.log());
            assertEquals(Axfr.records(knot.address(), zone), Axfr.records(tomldns.address(), zone),
                    "tomldns's copy after the re-signing IXFR is not Knot's zone");
            SecondaryValidation.compare(dir, "resigned", zone, anchors, knot, tomldns, overrides);
        }
    }

    private static long awaitNewSerial(KnotSigner knot, Name zone, long before) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            long now = knot.serial(zone);
            if (now != before && now > 0) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Knot did not re-sign " + zone + ":\n" + knot.log());
    }
}
