package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.dnssec.sign.SigningKey;
import dev.tomldns.dnssec.sign.SigningPolicy;
import dev.tomldns.dnssec.sign.ZoneKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code tomldns dnssec ds|keys|ksk-submitted}: the DS printed is the SHA-256 digest (RFC 4509) of the stored key's
 * DNSKEY; keys shows role, algorithm and whether the DS is confirmed; ksk-submitted records it; errors are in the
 * user's words (no Java exception text).
 */
class DnssecCommandTest {
    @TempDir
    Path dir;

    @Test
    void dsKeysAndSubmitted() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Name zone = Name.fromString("example.net.");
        ZoneKeyStore store = ZoneKeyStore.at(state.resolve(ZoneKeyStore.FOLDER));
        List<SigningKey> keys = store.loadOrCreate(zone, SigningPolicy.DEFAULT, 3600, Instant.now());

        Cli.Result ds = Cli.run("dnssec", "ds", "example.net", "--state-dir", state.toString());
        assertEquals(0, ds.exit(), ds.toString());
        Record dsLine = Record.fromString(zone, Type.DS, 1, 3600, rdata(ds.out(), "DS"), Name.root);
        Record keyLine = Record.fromString(zone, Type.DNSKEY, 1, 3600, rdata(ds.out(), "DNSKEY"), Name.root);
        DNSKEYRecord stored = keys.get(0).dnskey();
        assertEquals(stored.rdataToString(), keyLine.rdataToString());
        assertEquals(new DSRecord(zone, 1, 3600, DNSSEC.Digest.SHA256, stored).rdataToString(), dsLine.rdataToString());
        assertEquals(257, ((DNSKEYRecord) keyLine).getFlags());

        Cli.Result before = Cli.run("dnssec", "keys", "example.net.", "--state-dir", state.toString());
        assertEquals(0, before.exit(), before.toString());
        assertTrue(before.out().contains("csk " + stored.getFootprint() + " ecdsa-p256-sha256 (algorithm 13)"),
                before.toString());
        assertTrue(before.out().contains("DS at the parent: not confirmed"), before.toString());

        Cli.Result submitted = Cli.run("dnssec", "ksk-submitted", "example.net.", "--state-dir", state.toString());
        assertEquals(0, submitted.exit(), submitted.toString());
        Cli.Result after = Cli.run("dnssec", "keys", "example.net.", "--state-dir", state.toString());
        assertTrue(after.out().contains("DS at the parent: confirmed 20"), after.toString());
        // The key itself is unchanged by the confirmation.
        assertEquals(stored.rdataToString(), store.load(zone).get(0).dnskey().rdataToString());
    }

    /**
     * During a KSK rollover (RFC 7583 §3.3.1): while the successor is only published, {@code ds} still gives the
     * old key's DS and says when the new one is due, and {@code ksk-submitted} refuses (its DS must not be at the
     * parent before resolvers have its DNSKEY); once it is ready, {@code ds} gives the new key's DS alone, {@code
     * keys} says the rollover waits for it, and {@code ksk-submitted} confirms the new key only.
     */
    @Test
    void duringAKskRollover() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Name zone = Name.fromString("example.net.");
        ZoneKeyStore store = ZoneKeyStore.at(state.resolve(ZoneKeyStore.FOLDER));
        Instant now = Instant.now();
        SigningKey old = ZoneKeyStore.generate(zone, SigningKey.Role.CSK, DNSSEC.Algorithm.ECDSAP256SHA256, 3600,
                now.minusSeconds(86400 * 30)).withSubmitted(now.minusSeconds(86400 * 29));
        SigningKey made = ZoneKeyStore.generate(zone, SigningKey.Role.CSK, DNSSEC.Algorithm.ECDSAP256SHA256, 3600,
                now.minusSeconds(600));
        SigningKey published = new SigningKey(made.role(), made.dnskey(), made.privateKey(), made.created(), null,
                now.plusSeconds(6600), null, null, null, null);
        store.save(zone, List.of(old, published));

        Cli.Result ds = Cli.run("dnssec", "ds", "example.net.", "--state-dir", state.toString());
        assertEquals(0, ds.exit(), ds.toString());
        assertTrue(ds.out().contains("\tDS\t" + old.tag() + " ") && !ds.out().contains("\tDS\t" + made.tag() + " ")
                && ds.out().contains("the DS of key " + made.tag() + " is to go to the parent from"), ds.toString());
        Cli.Result early = Cli.run("dnssec", "ksk-submitted", "example.net.", "--state-dir", state.toString());
        assertEquals(1, early.exit(), early.toString());
        assertTrue(early.err().contains("the new key " + made.tag() + " is not ready before"), early.toString());

        SigningKey ready = new SigningKey(made.role(), made.dnskey(), made.privateKey(), made.created(), null,
                now.minusSeconds(60), null, null, null, null);
        store.save(zone, List.of(old, ready));
        ds = Cli.run("dnssec", "ds", "example.net.", "--state-dir", state.toString());
        assertTrue(ds.out().contains("\tDS\t" + made.tag() + " ") && !ds.out().contains("\tDS\t" + old.tag() + " ")
                && ds.out().contains("KSK rollover: replace the DS at your registrar"), ds.toString());
        Cli.Result keys = Cli.run("dnssec", "keys", "example.net.", "--state-dir", state.toString());
        assertTrue(keys.out().contains("waiting for its DS at the parent")
                && keys.out().contains("retiring once the DS of its successor, key " + made.tag()), keys.toString());
        Cli.Result submitted = Cli.run("dnssec", "ksk-submitted", "example.net.", "--state-dir", state.toString());
        assertEquals(0, submitted.exit(), submitted.toString());
        assertTrue(submitted.out().contains("DS of key " + made.tag() + " confirmed"), submitted.toString());
        List<SigningKey> after = store.load(zone);
        assertEquals(old.submitted(), after.get(0).submitted(), "the old key's confirmation stays as it was");
        assertTrue(after.get(1).submitted() != null && after.get(1).activate() == null,
                "the new key is confirmed; the server activates it");
    }

    @Test
    void errorsInTheUsersWords() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        List<Cli.Result> results = List.of(
                Cli.run("dnssec", "ds", "nokeys.example.", "--state-dir", state.toString()),
                Cli.run("dnssec", "keys", "example.net.", "--state-dir", dir.resolve("missing").toString()),
                Cli.run("dnssec", "ds", "bad..name", "--state-dir", state.toString()));
        for (Cli.Result r : results) {
            assertEquals(1, r.exit(), r.toString());
            assertFalse(r.err().contains("Exception") || r.err().contains("java."), r.toString());
        }
        assertTrue(results.get(0).err().contains("has no DNSSEC keys"), results.get(0).toString());
        assertTrue(results.get(1).err().contains("no such state directory"), results.get(1).toString());
        Files.createDirectories(state.resolve(ZoneKeyStore.FOLDER));
        Files.writeString(state.resolve(ZoneKeyStore.FOLDER).resolve("broken.example.keys.toml"), "zone = [");
        Cli.Result broken = Cli.run("dnssec", "keys", "broken.example.", "--state-dir", state.toString());
        assertEquals(1, broken.exit(), broken.toString());
        assertTrue(broken.err().contains("restore it from your backup"), broken.toString());
    }

    private static String rdata(String out, String type) {
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 5 && f[3].equals(type)) {
                return f[4];
            }
        }
        throw new AssertionError("no " + type + " line in:\n" + out);
    }
}
