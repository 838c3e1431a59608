package dev.tomldns.dnssec;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Knot and tomldns serve the same zone signed with NSEC3 as RFC 9276 asks (0 iterations, no salt): every DO=1
 * query gets the same rcode, flags, answer and authority, the closest-encloser proofs of RFC 5155 §7.2 included
 * (see {@link SignedZoneDifferential}).
 */
class Nsec3SignedZoneDifferentialIT {
    @TempDir Path dir;

    @Test
    void tomldnsAnswersDoQueriesAsKnotDoes() throws Exception {
        SignedZoneDifferential.run(dir, Name.fromConstantString("diff-nsec3.test."), KnotSigner.Policy.NSEC3_ZERO);
    }
}
