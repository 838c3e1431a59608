package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.record;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tomldns caa} below a DNAME: a CA's resolver gets the CNAME synthesized from the DNAME (RFC 6672 §3.2) and
 * follows it, so the CAA RRset at the substituted name decides (RFC 8659 §3).
 */
class Rfc6672CaaThroughDnameTest {
    @TempDir
    Path dir;

    private Cli.Result caaCmd(String name) {
        return Cli.run("caa", name, "--zones", dir.toString());
    }

    @Test
    void theCaaAtTheSubstitutedNameDecides() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org") + record("shop", "DNAME", "shops.example.org."));
        Path org = zone(dir, "example.org", caa("x.shops", 0, "issue", "digicert.com"));
        Cli.Result r = caaCmd("x.shop.example.net");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("x.shops.example.org."), r::toString);
        assertTrue(r.out().contains(org.toString()), r::toString);
        // The DNAME's owner itself is not redirected: its parent's CAA decides there.
        assertEquals(0, caaCmd("shop.example.net").exit());
    }

    @Test
    void aDnameOutOfOurZonesIsNotGuessed() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org") + record("shop", "DNAME", "shops.example.com."));
        Cli.Result r = caaCmd("x.shop.example.net");
        assertTrue(r.out().contains("x.shops.example.com."), r::toString);
        assertTrue(r.out().contains("outside the zones we serve"), r::toString);
    }
}
