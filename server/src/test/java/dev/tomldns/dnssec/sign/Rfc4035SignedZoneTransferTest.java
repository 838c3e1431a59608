package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RFC 4035 §2: a TOML zone signed online (NSEC, NSEC3 with RFC 9276's parameters, and Ed25519), transferred out of
 * the running server by dig (AXFR), passes {@code ldns-verify-zone} and {@code kzonecheck}: DNSKEY at the apex,
 * every authoritative RRset signed, no signature over glue or the NS at a cut, the DS at a cut signed, the chain
 * complete with correct bitmaps.
 */
class Rfc4035SignedZoneTransferTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"true", "{ denial = \"nsec3\" }", "{ algorithm = \"ed25519\" }",
            "{ algorithm = \"ed25519\", denial = \"nsec3\" }", "{ keys = \"ksk+zsk\" }"})
    void axfrOutOfSignedZoneVerifies(String dnssec) throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, dnssec);
        try (SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            Tools.Result axfr = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(s.port), SignedZones.ORIGIN,
                    "AXFR", "+nocomments", "+nostats", "+nocmd", "+onesoa");
            assertEquals(0, axfr.exit(), axfr.out());
            Path file = Files.writeString(dir.resolve("axfr.zone"), axfr.out());
            Tools.Result ldns = Tools.run("ldns-verify-zone", "-V", "2", file.toString());
            assertEquals(0, ldns.exit(), "ldns-verify-zone:\n" + ldns.out() + "\nzone:\n" + axfr.out());
            Tools.Result knot = Tools.run("kzonecheck", "-v", "-o", SignedZones.ORIGIN, "-d", "on", file.toString());
            assertEquals(0, knot.exit(), "kzonecheck:\n" + knot.out() + "\nzone:\n" + axfr.out());

            List<Record> records = parse(file);
            Set<String> signed = new HashSet<>();
            for (Record r : records) {
                if (r instanceof RRSIGRecord sig) {
                    signed.add(sig.getName().toString().toLowerCase() + " " + Type.string(sig.getTypeCovered()));
                }
            }
            // RFC 4035 §2.2: glue and the NS RRset at a cut are not signed; the DS at a cut is.
            assertFalse(signed.contains("ns.secure.signed.test. A"), signed.toString());
            assertFalse(signed.contains("secure.signed.test. NS"), signed.toString());
            assertFalse(signed.contains("insecure.signed.test. NS"), signed.toString());
            assertTrue(signed.contains("secure.signed.test. DS"), signed.toString());
            assertTrue(signed.contains("signed.test. DNSKEY"), signed.toString());
            assertTrue(signed.contains("signed.test. CAA"), signed.toString());
            assertTrue(signed.contains("*.wild.signed.test. TXT"), signed.toString());
            // RFC 7344: CDS and CDNSKEY for the key whose DS the parent should hold, signed.
            assertTrue(signed.contains("signed.test. CDS") && signed.contains("signed.test. CDNSKEY"), signed.toString());
            org.xbill.DNS.DNSKEYRecord key = (org.xbill.DNS.DNSKEYRecord) records.stream()
                    .filter(r -> r.getType() == Type.DNSKEY && ((org.xbill.DNS.DNSKEYRecord) r).getFlags() == 257)
                    .findFirst().orElseThrow();
            String cds = records.stream().filter(r -> r.getType() == Type.CDS).findFirst().orElseThrow()
                    .rdataToString();
            assertEquals(new org.xbill.DNS.DSRecord(key.getName(), 1, 0, org.xbill.DNS.DNSSEC.Digest.SHA256, key)
                    .rdataToString(), cds);
            boolean nsec3 = dnssec.contains("nsec3");
            assertEquals(nsec3, records.stream().anyMatch(r -> r.getType() == Type.NSEC3PARAM));
            assertEquals(!nsec3, records.stream().anyMatch(r -> r.getType() == Type.NSEC));
        }
    }

    static List<Record> parse(Path file) throws Exception {
        List<Record> out = new java.util.ArrayList<>();
        try (Master m = new Master(file.toString(), Name.root)) {
            for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
                out.add(r);
            }
        }
        return out;
    }
}
