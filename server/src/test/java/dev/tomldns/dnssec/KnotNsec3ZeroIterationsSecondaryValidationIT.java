package dev.tomldns.dnssec;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Knot signs {@code nsec3.test} with NSEC3 as RFC 9276 §3.1 asks (0 extra iterations, empty salt, no Opt-Out).
 * Through tomldns as through Knot, also after Knot re-signs.
 */
class KnotNsec3ZeroIterationsSecondaryValidationIT {
    static final Name ZONE = Name.fromConstantString("nsec3.test.");

    @TempDir Path dir;

    @Test
    void validatesThroughTomldnsAsThroughKnotAlsoAfterKnotResigns() throws Exception {
        KnotSignedSecondary.run(dir, ZONE, KnotSigner.Policy.NSEC3_ZERO, Map.of());
    }
}
