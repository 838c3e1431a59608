package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.PeerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * BIND 9 signs {@code bind.test} with {@code dnssec-policy default} (a CSK, NSEC, inline signing); tomldns is its
 * secondary; a validating Unbound asked through tomldns answers every case as when it asks BIND, and tomldns's
 * copy is BIND's signed zone record for record.
 */
class BindDefaultPolicySecondaryValidationIT {
    static final Name ZONE = Name.fromConstantString("bind.test.");

    @TempDir Path dir;

    @Test
    void validatesThroughTomldnsAsThroughBind() throws Exception {
        int tomldnsPort = PeerServer.freePort();
        Name child = SignedZoneCases.unsignedChild(ZONE);
        try (BindSigner bind = new BindSigner(dir.resolve("bind"), ZONE, SignedZoneCases.zone(ZONE), child,
                SignedZoneCases.unsignedChildZone(ZONE), tomldnsPort);
             TomldnsSecondary tomldns = new TomldnsSecondary(dir.resolve("tomldns"), tomldnsPort)) {
            bind.start();
            bind.awaitSigned(Duration.ofSeconds(20));
            tomldns.start(bind.port(), List.of(ZONE));
            long serial = bind.serial(ZONE);
            assertTrue(tomldns.awaitSerial(ZONE, serial, Duration.ofSeconds(10)), tomldns.log());
            assertEquals(Axfr.records(bind.address(), ZONE), Axfr.records(tomldns.address(), ZONE),
                    "tomldns's copy is not BIND's signed zone");
            SecondaryValidation.compare(dir, "signed", ZONE, bind.trustAnchors(), bind, tomldns, Map.of());
        }
    }
}
