package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.zone.Diagnostic;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * RFC 4035 §5.2: a validating resolver follows the chain of trust into a zone through a DS at the parent that
 * matches one of the zone's DNSKEYs; DS records but none matching make the zone bogus, no DS makes it insecure.
 * A real NSD serves the parent zone {@code parent.test.} with one delegation per case, and {@link ParentDs} asks it,
 * as {@code check --server} and the server's watchdog do; then the cases where nothing can be known (no server, a
 * server that serves neither the parent nor the zone, the zone's own server), and a resolver (Unbound) asked in the
 * parent's place.
 */
class Rfc4035ParentDsTest {
    private static final Name PARENT = Name.fromConstantString("parent.test.");
    private static final Name OTHER = Name.fromConstantString("elsewhere.test.");

    @TempDir
    static Path dir;
    static NsdPeer nsd;
    /** Each case's zone has one KSK (SEP) and one ZSK; the parent's DS records are made from these. */
    static DNSKEYRecord ksk;
    static DNSKEYRecord newKsk;
    static DNSKEYRecord zsk;
    static DNSKEYRecord stranger;

    @BeforeAll
    static void parentServedByNsd() throws Exception {
        Name any = Name.fromConstantString("x.parent.test.");
        ksk = key(any, 257);
        newKsk = key(any, 257);
        zsk = key(any, 256);
        stranger = key(any, 257);
        StringBuilder zone = new StringBuilder("""
                $ORIGIN parent.test.
                $TTL 300
                @ IN SOA ns.parent.test. admin.parent.test. 1 3600 600 86400 300
                @ IN NS ns.parent.test.
                ns IN A 127.0.0.1
                """);
        for (Arguments a : cases().toList()) {
            String label = (String) a.get()[0];
            zone.append(label).append(" IN NS ns.").append(label).append(".parent.test.\n");
            zone.append("ns.").append(label).append(" IN A 127.0.0.1\n");
            for (String ds : dsLines(label, (String) a.get()[1])) {
                zone.append(label).append(" IN DS ").append(ds).append('\n');
            }
        }
        // The zone's own server: NSD also serves elsewhere.test. itself, but not its parent.
        String child = """
                $ORIGIN elsewhere.test.
                $TTL 300
                @ IN SOA ns.elsewhere.test. admin.elsewhere.test. 1 3600 600 86400 300
                @ IN NS ns.elsewhere.test.
                ns IN A 127.0.0.1
                """;
        nsd = new NsdPeer(dir.resolve("nsd"), List.of(PeerZone.primary(PARENT, zone.toString(), null, List.of()),
                PeerZone.primary(OTHER, child, null, List.of())));
        nsd.start();
    }

    @AfterAll
    static void stop() {
        if (nsd != null) {
            nsd.close();
        }
    }

    /**
     * The case's label, the parent's DS records (ksk-2, ksk-4, ksk-1: the KSK's DS with that digest type; new-2:
     * the new KSK's; zsk-2: the ZSK's; stranger-2: a key the zone does not have; ksk-bad: the KSK's tag with a
     * wrong digest; unknown-alg: a DS of an algorithm no validator implements), the outcome, the keys matched,
     * the SEP keys without DS and the number of stale DS.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sha256", "ksk-2", ParentDs.Outcome.SECURE, "ksk", "new", 0),
                Arguments.of("sha384", "ksk-4", ParentDs.Outcome.SECURE, "ksk", "new", 0),
                Arguments.of("sha1", "ksk-1", ParentDs.Outcome.SECURE, "ksk", "new", 0),
                Arguments.of("both", "ksk-2 new-2", ParentDs.Outcome.SECURE, "ksk new", "", 0),
                Arguments.of("stale", "ksk-2 stranger-2", ParentDs.Outcome.SECURE, "ksk", "new", 1),
                // The SEP bit is a hint (RFC 4034 §2.1.2): a DS of the ZSK is still a chain of trust.
                Arguments.of("tozsk", "zsk-2", ParentDs.Outcome.SECURE, "zsk", "ksk new", 0),
                Arguments.of("wrong", "stranger-2", ParentDs.Outcome.BOGUS, "", "ksk new", 1),
                Arguments.of("baddigest", "ksk-bad", ParentDs.Outcome.BOGUS, "", "ksk new", 1),
                Arguments.of("none", "", ParentDs.Outcome.INSECURE, "", "ksk new", 0),
                Arguments.of("unusable", "unknown-alg", ParentDs.Outcome.INSECURE, "", "ksk new", 1));
    }

    @ParameterizedTest(name = "{0}: DS {1} -> {2}")
    @MethodSource("cases")
    void theParentsDsAgainstTheZonesKeys(String label, String ds, ParentDs.Outcome outcome, String matched,
                                         String withoutDs, int stale) throws Exception {
        Name zone = Name.fromString(label + ".parent.test.");
        ParentDs parent = new ParentDs(nsd.address());
        ParentDs.Report r = parent.check(zone, List.of(at(zone, ksk), at(zone, newKsk), at(zone, zsk)));
        assertEquals(outcome, r.outcome(), r.toString());
        assertEquals(named(zone, matched), r.matched(), r.toString());
        assertEquals(named(zone, withoutDs), r.withoutDs(), r.toString());
        assertEquals(stale, r.stale().size(), r.toString());
        List<ParentDs.Report.Line> lines = r.lines("");
        Diagnostic.Severity worst = lines.stream().map(ParentDs.Report.Line::severity)
                .min(Enum::compareTo).orElseThrow();
        assertEquals(switch (outcome) {
            case SECURE -> withoutDs.isEmpty() && stale == 0 ? Diagnostic.Severity.INFO : Diagnostic.Severity.WARNING;
            case INSECURE -> Diagnostic.Severity.WARNING;
            case BOGUS -> Diagnostic.Severity.ERROR;
            case UNANSWERED -> Diagnostic.Severity.WARNING;
        }, worst, lines.toString());
        String text = lines.toString();
        assertTrue(text.contains("asked 127.0.0.1:" + nsd.port()), text);
        if (outcome == ParentDs.Outcome.BOGUS) {
            assertTrue(text.contains("bogus to validating resolvers"), text);
        }
        if (outcome == ParentDs.Outcome.INSECURE) {
            assertTrue(text.contains("no DS at the parent") && text.contains("the zone is unsigned to resolvers"),
                    text);
        }
        // What ends a KSK rollover's wait: the parent has the new key's DS.
        assertEquals(matched.contains("new"), parent.parentHas(at(zone, newKsk)));
        assertEquals(matched.contains("ksk"), parent.parentHas(at(zone, ksk)));
    }

    /** Where nothing can be known: the check says why in words, and never claims a DS is there or missing. */
    static Stream<Arguments> unanswered() throws Exception {
        int closed = PeerServer.freePort();
        return Stream.of(
                Arguments.of("nothing listens", new InetSocketAddress("127.0.0.1", closed),
                        "sha256.parent.test.", "127.0.0.1:" + closed),
                Arguments.of("not the parent's server", null, "sha256.other.example.", "refused the query"),
                Arguments.of("the zone's own server", null, "elsewhere.test.", "not from its parent"),
                Arguments.of("no such delegation", null, "missing.parent.test.", "NXDOMAIN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unanswered")
    void nothingKnownIsSaidInWords(String what, InetSocketAddress server, String zone, String said) throws Exception {
        Name origin = Name.fromString(zone);
        ParentDs parent = new ParentDs(server == null ? nsd.address() : server, Duration.ofSeconds(1));
        long start = System.nanoTime();
        ParentDs.Report r = parent.check(origin, List.of(at(origin, ksk)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the query is bounded");
        assertEquals(ParentDs.Outcome.UNANSWERED, r.outcome(), r.toString());
        String text = r.lines("").toString();
        assertTrue(text.contains(said), text);
        assertTrue(text.contains("the DS at the parent is not checked"), text);
        assertFalse(text.contains("Exception") || text.contains("java."), text);
        assertFalse(parent.parentHas(at(origin, ksk)));
    }

    /**
     * The server asked need not serve the parent: a real (Unbound) resolver, recursing to NSD for
     * {@code parent.test.}, gives the same DS RRsets, so the same outcomes.
     */
    @Test
    void aResolverAnswersAsTheParentDoes() throws Exception {
        try (dev.tomldns.dnssec.Unbound unbound = new dev.tomldns.dnssec.Unbound(dir.resolve("unbound"), List.of(),
                java.util.Map.of(PARENT.toString(), nsd.port()))) {
            unbound.start();
            ParentDs resolver = new ParentDs(unbound.address());
            for (Object[] c : new Object[][] {{"sha256", ParentDs.Outcome.SECURE}, {"wrong", ParentDs.Outcome.BOGUS},
                    {"none", ParentDs.Outcome.INSECURE}}) {
                Name zone = Name.fromString(c[0] + ".parent.test.");
                ParentDs.Report r = resolver.check(zone, List.of(at(zone, ksk), at(zone, newKsk), at(zone, zsk)));
                assertEquals(c[1], r.outcome(), r + "\n" + unbound.log());
                assertTrue(r.lines("").toString().contains("asked 127.0.0.1:" + unbound.port()), r.toString());
            }
            assertTrue(resolver.parentHas(at(Name.fromString("both.parent.test."), newKsk)));
        }
    }

    @Test
    void aRevokedKeyIsNoSecureEntryPoint() {
        Name zone = Name.fromConstantString("revoked.test.");
        DNSKEYRecord k = at(zone, ksk);
        DNSKEYRecord revoked = new DNSKEYRecord(zone, DClass.IN, 300, 257 | DNSKEYRecord.Flags.REVOKE, 3,
                k.getAlgorithm(), k.getKey());
        DSRecord ds = new DSRecord(zone, DClass.IN, 300, DNSSEC.Digest.SHA256, revoked);
        ParentDs.Report r = ParentDs.compare(zone, nsd.address(), List.of(revoked), List.of(ds));
        assertEquals(ParentDs.Outcome.BOGUS, r.outcome());
        assertEquals(List.of(), r.withoutDs());
    }

    private static List<String> dsLines(String label, String spec) throws Exception {
        Name zone = Name.fromString(label + ".parent.test.");
        List<String> out = new java.util.ArrayList<>();
        for (String s : spec.split(" ")) {
            switch (s) {
                case "" -> { }
                case "ksk-bad" -> out.add(at(zone, ksk).getFootprint() + " 13 2 " + "AB".repeat(32));
                case "unknown-alg" -> out.add("12345 253 2 " + "CD".repeat(32));
                default -> {
                    String[] p = s.split("-");
                    DNSKEYRecord key = at(zone, switch (p[0]) {
                        case "ksk" -> ksk;
                        case "new" -> newKsk;
                        case "zsk" -> zsk;
                        default -> stranger;
                    });
                    out.add(new DSRecord(zone, DClass.IN, 300, Integer.parseInt(p[1]), key).rdataToString());
                }
            }
        }
        return out;
    }

    private static List<DNSKEYRecord> named(Name zone, String names) {
        List<DNSKEYRecord> out = new java.util.ArrayList<>();
        for (String n : names.split(" ")) {
            switch (n) {
                case "ksk" -> out.add(at(zone, ksk));
                case "new" -> out.add(at(zone, newKsk));
                case "zsk" -> out.add(at(zone, zsk));
                default -> { }
            }
        }
        return out;
    }

    /** The same key as the DNSKEY of {@code zone} (a DS digest covers the owner name, RFC 4034 §5.1.4). */
    static DNSKEYRecord at(Name zone, DNSKEYRecord key) {
        return new DNSKEYRecord(zone, DClass.IN, 300, key.getFlags(), key.getProtocol(), key.getAlgorithm(),
                key.getKey());
    }

    private static DNSKEYRecord key(Name owner, int flags) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new DNSKEYRecord(owner, DClass.IN, 300, flags, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, g.generateKeyPair().getPublic());
    }
}
