package dev.tomldns.dnssec.sign;

import java.nio.file.Files;
import java.nio.file.Path;

/** The TOML zone the signing tests sign: every shape a signer must get right. */
final class SignedZones {
    static final String ORIGIN = "signed.test.";

    private SignedZones() {
    }

    /** Writes {@code zones/signed.test.toml} below {@code dir} (no serial: the server manages it). */
    static Path write(Path dir) throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path file = zones.resolve("signed.test.toml");
        Files.writeString(file, """
                origin = "signed.test."
                ttl = 3600

                [soa]
                mname = "ns1.signed.test."
                rname = "hostmaster.signed.test."
                minimum = 300

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"

                [[records]]
                name = "ns1"
                type = "A"
                data = "127.0.0.1"

                [[records]]
                name = "@"
                type = "A"
                data = "192.0.2.10"

                [[records]]
                name = "@"
                type = "MX"
                data = "10 mail"

                [[records]]
                name = "mail"
                type = "A"
                data = "192.0.2.25"

                [[records]]
                name = "@"
                type = "CAA"
                tag = "issue"
                value = "letsencrypt.org"

                [[records]]
                name = "@"
                type = "TXT"
                text = "v=spf1 mx -all"

                [[records]]
                name = "_dmarc"
                type = "TXT"
                text = "v=DMARC1; p=reject; rua=mailto:dmarc@signed.test"

                [[records]]
                name = "www"
                type = "CNAME"
                data = "@"

                [[records]]
                name = "*.wild"
                type = "TXT"
                text = "wildcard"

                [[records]]
                name = "host.deep.ent"
                type = "AAAA"
                data = "2001:db8::1"

                [[records]]
                name = "secure"
                type = "NS"
                data = "ns.secure"

                [[records]]
                name = "secure"
                type = "DS"
                data = "12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"

                [[records]]
                name = "ns.secure"
                type = "A"
                data = "192.0.2.53"

                [[records]]
                name = "insecure"
                type = "NS"
                data = "ns.insecure"

                [[records]]
                name = "ns.insecure"
                type = "A"
                data = "192.0.2.54"

                [[records]]
                name = "old"
                type = "DNAME"
                data = "signed.test."
                """);
        return file;
    }
}
