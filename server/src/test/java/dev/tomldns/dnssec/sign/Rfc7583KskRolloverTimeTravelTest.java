package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.dnssec.Unbound;
import dev.tomldns.testing.Tools;
import dev.tomldns.zone.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.CDNSKEYRecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RFC 7583 §3.3.1 (double-KSK) with RFC 7344 §4 and RFC 8078 §3, for a CSK and for the KSK of a split-key policy,
 * with the injectable clock moved in 12-hour steps: once the key's lifetime (5 days) is over a successor is
 * published; a DNSKEY TTL later it signs the DNSKEY RRset beside the old key and CDS/CDNSKEY point to it alone;
 * then the rollover waits, and for 30 days nothing is retired; a real {@code tomldns dnssec ksk-submitted}
 * (a separate JVM, as a user runs it) confirms the new DS; the new key becomes active, the old one keeps signing the
 * DNSKEY RRset for the parent's DS TTL, then is retired and removed.
 *
 * <p>At every step, a resolver whose DS is the old one and one whose DS is the new one (once CDS points to it)
 * validate the served zone: the DNSKEY RRset is signed by the key the DS names, and every RRset's signatures verify
 * with dnsjava's {@link DNSSEC#verify} (the old DS until the old key is retired). At three moments, a real
 * validating Unbound with each DS as trust anchor gets AD=1 answers; after the removal, the old DS alone is bogus.
 * The clock starts 38 days in the past, so that the signatures served from the wait on are valid in real time for
 * Unbound and {@code ksk-submitted}'s real clock is not behind the server's.
 */
class Rfc7583KskRolloverTimeTravelTest {
    private static final Duration STEP = Duration.ofHours(12);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"{ ksk-lifetime-days = 5 }", "{ keys = \"ksk+zsk\", ksk-lifetime-days = 5 }"})
    void rolloverPublishesCdsWaitsForTheDsThenRetiresTheOldKey(String dnssec) throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, dnssec);
        Name origin = Name.fromString(SignedZones.ORIGIN);
        Path state = dir.resolve("state");
        Instant start = Instant.now().minus(Duration.ofDays(38)).truncatedTo(ChronoUnit.HOURS);
        SigningServer.MovableClock clock = new SigningServer.MovableClock(start);
        try (SigningServer s = new SigningServer(config, clock)) {
            Set<RRSIGRecord> seen = new HashSet<>();
            DNSKEYRecord oldKey = cdsKeys(s.zone(origin)).get(0);
            DSRecord oldDs = ds(oldKey);
            String oldAnchor = anchor(state);
            assertTrue(oldAnchor.contains(oldDs.rdataToString()), oldAnchor);

            // Days 0..35.5: the lifetime ends at day 5, the successor is ready half a day later; then the wait.
            DNSKEYRecord newKey = null;
            Instant readyAt = null;
            boolean unboundChecked = false;
            for (int step = 1; clock.instant().isBefore(start.plus(Duration.ofDays(36))); step++) {
                clock.advance(STEP);
                s.signing.refreshDue();
                Zone z = s.zone(origin);
                Instant now = clock.instant();
                SignatureRefreshTimeTravelTest.allValid(z, now, seen);
                String day = "day " + step / 2.0 + ": ";
                assertTrue(dnskeys(z).contains(oldKey), day + "the old key is published");
                assertSecure(z, oldDs, now, day + "with the old DS");
                List<DNSKEYRecord> cds = cdsKeys(z);
                if (newKey == null && dnskeys(z).size() > (dnssec.contains("zsk") ? 2 : 1)) {
                    newKey = dnskeys(z).stream().filter(k -> !k.equals(oldKey) && k.getFlags() == 257)
                            .findFirst().orElseThrow();
                    assertTrue(!now.isBefore(start.plus(Duration.ofDays(5))), day + "published before its time");
                    assertEquals(List.of(oldKey), cds, day + "CDS stays on the old key while the new one is only "
                            + "published");
                    continue;
                }
                if (newKey != null && cds.contains(newKey)) {
                    readyAt = readyAt == null ? now : readyAt;
                    assertEquals(List.of(newKey), cds, day + "CDS and CDNSKEY point to the new key alone");
                    assertEquals(Set.of(oldKey.getFootprint(), newKey.getFootprint()), dnskeySigners(z),
                            day + "both keys sign the DNSKEY RRset");
                    assertSecure(z, ds(newKey), now, day + "with the new DS");
                    if (!unboundChecked && now.isAfter(start.plus(Duration.ofDays(32)))) {
                        unbound(s, oldAnchor, true, "waiting, old DS");
                        unbound(s, anchor(state), true, "waiting, new DS");
                        unboundChecked = true;
                    }
                }
            }
            assertNotNull(readyAt, "a successor was made ready");
            assertTrue(Duration.between(readyAt, clock.instant()).compareTo(Duration.ofDays(30)) >= 0,
                    "waited 30 days");
            assertTrue(unboundChecked);
            String keys = run("keys");
            assertTrue(keys.contains("waiting for its DS at the parent") && keys.contains("ksk-submitted"), keys);

            // The user confirms: a real `tomldns dnssec ksk-submitted` in a JVM of its own.
            String submitted = runJvm("ksk-submitted");
            assertTrue(submitted.contains("DS of key " + newKey.getFootprint() + " confirmed"), submitted);
            DSRecord newDs = ds(newKey);
            String newAnchor = anchor(state);
            assertTrue(newAnchor.contains(newDs.rdataToString()), newAnchor);
            assertTrue(!s.signing.refreshDue().isEmpty(), "the server takes the confirmation at its next check");
            Zone confirmed = s.zone(origin);
            Instant now = clock.instant();
            SignatureRefreshTimeTravelTest.allValid(confirmed, now, seen);
            assertSecure(confirmed, oldDs, now, "confirmed, old DS (resolvers may hold it for the DS TTL)");
            assertSecure(confirmed, newDs, now, "confirmed, new DS");
            assertEquals(List.of(newKey), cdsKeys(confirmed));
            if (!dnssec.contains("zsk")) {
                assertEquals(Set.of(newKey.getFootprint()), zoneSigners(confirmed), "the new CSK signs the zone");
            }
            unbound(s, oldAnchor, true, "retiring, old DS");

            // Days 36..38: the old key retires after the DS TTL (1 day) and the propagation delay, then leaves.
            while (clock.instant().isBefore(start.plus(Duration.ofDays(38)))) {
                clock.advance(Duration.ofHours(2));
                s.signing.refreshDue();
                Zone z = s.zone(origin);
                now = clock.instant();
                SignatureRefreshTimeTravelTest.allValid(z, now, seen);
                assertSecure(z, newDs, now, now + " with the new DS");
                if (dnskeySigners(z).contains(oldKey.getFootprint())) {
                    assertSecure(z, oldDs, now, now + " with the old DS while the old key signs");
                } else {
                    assertTrue(!now.isBefore(start.plus(Duration.ofDays(37))), "old key retired before the DS TTL");
                }
            }
            Zone done = s.zone(origin);
            assertTrue(!dnskeys(done).contains(oldKey), "the old key is removed");
            assertEquals(List.of(newKey), cdsKeys(done));
            unbound(s, newAnchor, true, "done, new DS");
            unbound(s, oldAnchor, false, "done, old DS");
            keys = run("keys");
            assertTrue(!keys.contains(String.valueOf(oldKey.getFootprint())), keys);
        }
    }

    /**
     * With {@code parent-ds-server}, the wait also ends when the parent serves the new key's DS (RFC 7583 §3.3.1,
     * as Knot's ksk-submission check): a real NSD serves the parent zone {@code test.}, first with no DS for the new
     * key (for 10 days nothing is retired), then, restarted on the same port, with the DS {@code tomldns dnssec ds}
     * gives; at the next check the new key is taken as submitted and made active, and the old one retires.
     */
    @org.junit.jupiter.api.Test
    void theNewDsSeenAtTheParentEndsTheWait() throws Exception {
        SignedZones.write(dir);
        Name origin = Name.fromString(SignedZones.ORIGIN);
        int port = dev.tomldns.interop.PeerServer.freePort();
        dev.tomldns.interop.NsdPeer parent = parent(port, "");
        try {
            Path config = SigningServer.config(dir, SignedZones.ORIGIN,
                    "{ ksk-lifetime-days = 5, parent-ds-server = \"127.0.0.1:" + port + "\" }");
            // In the past, so that `tomldns dnssec keys` (the real clock) sees the same states as the server.
            SigningServer.MovableClock clock = new SigningServer.MovableClock(Instant.now().minus(Duration.ofDays(20)));
            try (SigningServer s = new SigningServer(config, clock)) {
                DNSKEYRecord oldKey = cdsKeys(s.zone(origin)).get(0);
                parent.close();
                parent = parent(port, SignedZones.ORIGIN + " 3600 IN DS " + ds(oldKey).rdataToString());
                for (int step = 0; step < 2 * 16; step++) {
                    clock.advance(STEP);
                    s.signing.refreshDue();
                }
                DNSKEYRecord newKey = cdsKeys(s.zone(origin)).get(0);
                assertTrue(!newKey.equals(oldKey) && dnskeySigners(s.zone(origin)).contains(oldKey.getFootprint()),
                        "10 days after the new key is ready, with only the old DS at the parent, the old key signs");
                assertTrue(run("keys").contains("waiting for its DS at the parent"));

                parent.close();
                parent = parent(port, SignedZones.ORIGIN + " 3600 IN DS " + ds(newKey).rdataToString());
                clock.advance(STEP);
                assertTrue(!s.signing.refreshDue().isEmpty(), "the parent's new DS is seen at the next check");
                ZoneKeyStore store = ZoneKeyStore.at(dir.resolve("state").resolve(ZoneKeyStore.FOLDER));
                List<SigningKey> keys = store.load(origin);
                SigningKey made = keys.stream().filter(k -> k.tag() == newKey.getFootprint()).findFirst().orElseThrow();
                SigningKey old = keys.stream().filter(k -> k.tag() == oldKey.getFootprint()).findFirst().orElseThrow();
                assertTrue(made.submitted() != null && made.activate() != null, "the new key is active: " + made);
                assertTrue(old.retireActive() != null && old.retire() != null, "the old key retires: " + old);
                assertEquals(Set.of(newKey.getFootprint()), zoneSigners(s.zone(origin)));
                assertSecure(s.zone(origin), ds(newKey), clock.instant(), "the new DS");
                assertSecure(s.zone(origin), ds(oldKey), clock.instant(), "the old DS, cached at resolvers");
            }
        } finally {
            parent.close();
        }
    }

    /** A real NSD serving the parent zone {@code test.}, delegating signed.test. with {@code ds} (or no DS). */
    private dev.tomldns.interop.NsdPeer parent(int port, String ds) throws Exception {
        Name test = Name.fromString("test.");
        String zone = """
                $ORIGIN test.
                $TTL 300
                @ IN SOA ns.test. admin.test. 1 3600 600 86400 300
                @ IN NS ns.test.
                ns IN A 127.0.0.1
                signed IN NS ns1.signed.test.
                ns1.signed IN A 127.0.0.1
                """ + ds + "\n";
        dev.tomldns.interop.NsdPeer nsd = new dev.tomldns.interop.NsdPeer(dir.resolve("nsd-" + System.nanoTime()),
                List.of(dev.tomldns.interop.PeerZone.primary(test, zone, null, List.of())), port);
        nsd.start();
        return nsd;
    }

    /** A resolver holding {@code ds}: the DNSKEY RRset must carry a signature by the key it names that verifies. */
    private static void assertSecure(Zone z, DSRecord ds, Instant now, String when) throws Exception {
        DNSKEYRecord key = dnskeys(z).stream().filter(k -> k.getFootprint() == ds.getFootprint()
                && java.util.Arrays.equals(ds(k).getDigest(), ds.getDigest())).findFirst().orElse(null);
        assertNotNull(key, when + ": no DNSKEY for DS " + ds.getFootprint());
        RRset set = new RRset();
        dnskeys(z).forEach(set::addRR);
        boolean verified = false;
        for (Record r : z.records()) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.DNSKEY
                    && sig.getFootprint() == key.getFootprint()) {
                DNSSEC.verify(set, sig, key, now);
                verified = true;
            }
        }
        assertTrue(verified, when + ": the DNSKEY RRset has no signature by key " + key.getFootprint());
    }

    private static DSRecord ds(DNSKEYRecord key) {
        return new DSRecord(key.getName(), key.getDClass(), 3600, DNSSEC.Digest.SHA256, key);
    }

    private static List<DNSKEYRecord> dnskeys(Zone z) {
        List<DNSKEYRecord> out = new ArrayList<>();
        for (Record r : z.records()) {
            if (r.getType() == Type.DNSKEY) {
                DNSKEYRecord k = (DNSKEYRecord) r;
                out.add(new DNSKEYRecord(k.getName(), k.getDClass(), 3600, k.getFlags(), k.getProtocol(),
                        k.getAlgorithm(), k.getKey()));
            }
        }
        return out;
    }

    /** The keys CDS and CDNSKEY point to, checked to agree. */
    private static List<DNSKEYRecord> cdsKeys(Zone z) {
        List<DNSKEYRecord> fromCdnskey = new ArrayList<>();
        Set<Integer> cdsTags = new HashSet<>();
        for (Record r : z.records()) {
            if (r instanceof CDNSKEYRecord k) {
                fromCdnskey.add(new DNSKEYRecord(k.getName(), k.getDClass(), 3600, k.getFlags(), k.getProtocol(),
                        k.getAlgorithm(), k.getKey()));
            } else if (r instanceof CDSRecord c) {
                cdsTags.add(c.getFootprint());
            }
        }
        assertEquals(cdsTags, new HashSet<>(fromCdnskey.stream().map(DNSKEYRecord::getFootprint).toList()),
                "CDS and CDNSKEY agree");
        return fromCdnskey;
    }

    private static Set<Integer> dnskeySigners(Zone z) {
        Set<Integer> out = new HashSet<>();
        for (Record r : z.records()) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.DNSKEY) {
                out.add(sig.getFootprint());
            }
        }
        return out;
    }

    private static Set<Integer> zoneSigners(Zone z) {
        Set<Integer> out = new HashSet<>();
        for (Record r : z.records()) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() != Type.DNSKEY
                    && sig.getTypeCovered() != Type.CDS && sig.getTypeCovered() != Type.CDNSKEY) {
                out.add(sig.getFootprint());
            }
        }
        return out;
    }

    /** The DS line(s) {@code tomldns dnssec ds} prints now, as Unbound trust anchors. */
    private String anchor(Path state) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : run("ds").split("\n")) {
            if (line.contains("\tDS\t")) {
                out.append(line.replace('\t', ' '));
            }
        }
        assertTrue(out.length() > 0, "tomldns dnssec ds printed no DS");
        return out.toString();
    }

    /** {@code tomldns dnssec COMMAND signed.test. --state-dir STATE}, in-process through the real command line. */
    private String run(String command) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new dev.tomldns.cli.Main());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(out, true));
        int exit = cl.execute("dnssec", command, SignedZones.ORIGIN, "--state-dir", dir.resolve("state").toString());
        assertEquals(0, exit, "tomldns dnssec " + command + ":\n" + out);
        return out.toString();
    }

    /** {@code tomldns dnssec COMMAND signed.test. --state-dir STATE} in a JVM of its own; its output. */
    private String runJvm(String command) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Tools.Result r = Tools.run(java, "-cp", System.getProperty("java.class.path"), "dev.tomldns.cli.Main",
                "dnssec", command, SignedZones.ORIGIN, "--state-dir", dir.resolve("state").toString());
        assertEquals(0, r.exit(), "tomldns dnssec " + command + ":\n" + r.out());
        return r.out();
    }

    /** A real validating Unbound trusting {@code anchor}: the apex SOA, CAA and a TXT answered with AD=1 or not. */
    private void unbound(SigningServer s, String anchor, boolean secure, String when) throws Exception {
        Path where = dir.resolve("unbound-" + when.replaceAll("[^a-z]", ""));
        try (Unbound unbound = new Unbound(where, List.of(anchor), Map.of(SignedZones.ORIGIN, s.port))) {
            unbound.start();
            for (String[] q : new String[][] {{SignedZones.ORIGIN, "SOA"}, {SignedZones.ORIGIN, "CAA"},
                    {"_dmarc." + SignedZones.ORIGIN, "TXT"}, {SignedZones.ORIGIN, "DNSKEY"}}) {
                Tools.Result r = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(unbound.port()), q[0], q[1],
                        "+dnssec", "+tries=1", "+time=5");
                String flags = r.out().lines().filter(l -> l.startsWith(";; flags:")).findFirst().orElse("");
                if (secure) {
                    assertTrue(r.out().contains("status: NOERROR") && flags.contains(" ad"),
                            when + ": " + q[0] + " " + q[1] + " not secure:\n" + r.out() + unbound.log());
                } else {
                    assertTrue(r.out().contains("status: SERVFAIL"),
                            when + ": " + q[0] + " " + q[1] + " validated with a retired DS:\n" + r.out());
                }
            }
        }
    }
}
