package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.edit.MasterFileSource;
import dev.tomldns.edit.ZoneImport;
import dev.tomldns.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone signed in the test by {@code ldns-signzone} (NSEC, ECDSA P-256 keys made by {@code ldns-keygen}), and
 * imported as a user would ({@code tomldns import}): the signed RFC 1035 text for NSD or Knot, and the TOML for us.
 * It has what every DO=1 rule needs: a wildcard, a CNAME, a DNAME, an empty non-terminal, an insecure and a secure
 * delegation, an MX whose target has an address, and a TXT RRset ({@code big}) whose answer fits 1,232 octets only
 * without its RRSIG.
 */
record SignedZoneFixture(Name origin, String signedText, String toml, Path zones) {
    static final String UNSIGNED = """
            $ORIGIN signed.test.
            $TTL 3600
            @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @ NS ns1
            @ A 192.0.2.1
            @ MX 10 mail
            @ CAA 0 issue "letsencrypt.org"
            ns1 A 192.0.2.53
            mail A 192.0.2.25
            mail AAAA 2001:db8::25
            www CNAME mail
            wcname CNAME x.wild
            *.wild A 192.0.2.80
            *.wild TXT "wild"
            *.wc CNAME mail
            a.b.ent A 192.0.2.9
            sub NS ns.sub
            ns.sub A 192.0.2.99
            secure NS ns.secure
            secure DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            ns.secure A 192.0.2.98
            dn DNAME target
            x.target A 192.0.2.70
            big TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            big TXT "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
            big TXT "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
            big TXT "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
            big TXT "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
            """;

    /** Keys, signs with ldns-signzone, imports; {@code dir} is the test's own folder. */
    static SignedZoneFixture make(Path dir) throws Exception {
        return make(dir, false);
    }

    /**
     * Keys, signs, imports: with {@code bind}, keys from {@code dnssec-keygen} and the signature from {@code
     * dnssec-signzone} (BIND's tools), else from {@code ldns-keygen} and {@code ldns-signzone}.
     */
    static SignedZoneFixture make(Path dir, boolean bind) throws Exception {
        Name origin = Name.fromConstantString("signed.test.");
        Path unsigned = dir.resolve("signed.test.zone");
        Files.writeString(unsigned, UNSIGNED);
        Path signed = dir.resolve("signed.test.signed");
        if (bind) {
            for (String flags : new String[] {"-f KSK ", ""}) {
                Tools.Result k = Tools.run(List.of("sh", "-c",
                        "cd '" + dir + "' && dnssec-keygen -q -a ECDSAP256SHA256 " + flags + "signed.test."));
                assertEquals(0, k.exit(), k.out());
            }
            // -d: the dsset file goes to the test's folder, not the working directory.
            Tools.Result sign = Tools.run("dnssec-signzone", "-q", "-S", "-K", dir.toString(), "-d", dir.toString(),
                    "-o", "signed.test.",
                    "-f", signed.toString(), unsigned.toString());
            assertEquals(0, sign.exit(), sign.out());
        } else {
            String ksk = keygen(dir, true);
            String zsk = keygen(dir, false);
            Tools.Result sign = Tools.run("ldns-signzone", "-o", "signed.test.", "-f", signed.toString(),
                    unsigned.toString(), dir.resolve(ksk).toString(), dir.resolve(zsk).toString());
            assertEquals(0, sign.exit(), sign.out());
        }
        String text = Files.readString(signed, StandardCharsets.ISO_8859_1);
        ZoneImport imported = ZoneImport.of(MasterFileSource.read(signed, origin, new ArrayList<>()),
                Path.of("signed.test.toml"));
        assertEquals(List.of(), imported.problems(), "the imported signed zone should pass check");
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("signed.test.toml"), imported.toml());
        return new SignedZoneFixture(origin, text, imported.toml(), zones);
    }

    private static String keygen(Path dir, boolean ksk) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ldns-keygen", "-a", "ECDSAP256SHA256"));
        if (ksk) {
            cmd.add("-k");
        }
        cmd.add("signed.test.");
        Tools.Result r = Tools.run(List.of("sh", "-c", "cd '" + dir + "' && " + String.join(" ", cmd)));
        assertEquals(0, r.exit(), r.out());
        return r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    }
}
