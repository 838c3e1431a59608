package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where boulder's {@code va/caa.go} departs from RFC 8659, {@code tomldns caa} predicts what Let's Encrypt does
 * and says the RFC would read it otherwise.
 */
class LetsEncryptCaaDepartureTest {
    @TempDir
    Path dir;

    private Cli.Result caaCmd(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "caa";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--zones";
        full[args.length + 2] = dir.toString();
        return Cli.run(full);
    }

    private static void departs(Cli.Result r, String rfcVerdict) {
        assertTrue(r.out().contains("NOTE: this differs from the RFC's reading. RFC 8659 would say " + rfcVerdict),
                r::toString);
    }

    @Test
    void issuerComparedExactlyByBoulder() {
        zone(dir, "example.net", caa("@", 0, "issue", "LetsEncrypt.org"));
        Cli.Result r = caaCmd("example.net");
        assertEquals(1, r.exit(), r::toString);
        departs(r, "ALLOWED");
        // Another CA gets the RFC's reading only.
        zone(dir, "example.net", caa("@", 0, "issue", "DigiCert.com"));
        assertEquals(0, caaCmd("example.net", "--ca", "digicert.com").exit());
    }

    @Test
    void flagOneOnUnknownTagIsCriticalForBoulder() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org") + caa("@", 1, "tbs", "x"));
        Cli.Result r = caaCmd("example.net");
        assertEquals(1, r.exit(), r::toString);
        departs(r, "ALLOWED");
    }

    @Test
    void agreementSaysSo() {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
        Cli.Result r = caaCmd("example.net");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Let's Encrypt (boulder va/caa.go) does the same"), r::toString);
    }
}
