package dev.tomldns.dnssec;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Knot signs {@code optout.test} with NSEC3 and Opt-Out (RFC 5155 §6; salt, 5 iterations): the insecure delegation
 * has no NSEC3 of its own, so its absence of DS is proven by the covering Opt-Out NSEC3 (§7.2.4, §7.2.7). Through
 * tomldns as through Knot, also after Knot re-signs.
 */
class KnotNsec3OptOutSecondaryValidationIT {
    static final Name ZONE = Name.fromConstantString("optout.test.");

    /**
     * RFC 5155 §9.2: an answer whose proof rests on an Opt-Out NSEC3 covering the name could hide an unsigned
     * delegation, so a validator calls it insecure (no AD), not secure; Unbound asking Knot itself says so too.
     */
    static final Map<String, String> OPT_OUT_INSECURE = Map.of(
            "host.wild TXT", "NOERROR",
            "a.b.wild CAA", "NOERROR",
            "host.wild A", "NOERROR",
            "nope A", "NXDOMAIN",
            "deep.nx.mail CAA", "NXDOMAIN",
            "unsigned DS", "NOERROR",
            "nope DS", "NXDOMAIN");

    @TempDir Path dir;

    @Test
    void validatesThroughTomldnsAsThroughKnotAlsoAfterKnotResigns() throws Exception {
        KnotSignedSecondary.run(dir, ZONE, KnotSigner.Policy.NSEC3_OPT_OUT, OPT_OUT_INSECURE);
    }
}
