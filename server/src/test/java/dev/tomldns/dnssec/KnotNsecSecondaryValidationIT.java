package dev.tomldns.dnssec;


import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Knot signs {@code nsec.test} (ECDSA P-256, NSEC); tomldns is its secondary; a validating Unbound asked through
 * tomldns answers every case exactly as when it asks Knot: secure where Knot's answers are, never bogus. Then Knot
 * re-signs the whole zone ({@code knotc zone-sign}) and notifies: tomldns serves the new serial with the new
 * signatures, and every case is still secure.
 */
class KnotNsecSecondaryValidationIT {
    static final Name ZONE = Name.fromConstantString("nsec.test.");

    @TempDir Path dir;

    @Test
    void validatesThroughTomldnsAsThroughKnotAlsoAfterKnotResigns() throws Exception {
        KnotSignedSecondary.run(dir, ZONE, KnotSigner.Policy.NSEC, Map.of());
    }
}
