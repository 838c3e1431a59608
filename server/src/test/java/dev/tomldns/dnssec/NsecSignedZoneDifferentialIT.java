package dev.tomldns.dnssec;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Knot and tomldns serve the same NSEC-signed zone (tomldns's copy brought over with {@code tomldns import}): every
 * DO=1 query over every owner, 17 types and names that do not exist gets the same rcode, flags, answer and
 * authority (see {@link SignedZoneDifferential}).
 */
class NsecSignedZoneDifferentialIT {
    @TempDir Path dir;

    @Test
    void tomldnsAnswersDoQueriesAsKnotDoes() throws Exception {
        SignedZoneDifferential.run(dir, Name.fromConstantString("diff-nsec.test."), KnotSigner.Policy.NSEC);
    }
}
