package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tomldns.interop.KnotPeer;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.zone.Zone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * RFC 5155 §7.2: the NSEC3 records {@link Nsec3Proofs} gives for each kind of negative or wildcard answer, for one
 * zone (wildcard, empty non-terminals, delegations with and without DS, CNAME, DNAME) signed three ways by real
 * signers: ldns-signzone with 0 iterations and no salt (RFC 9276), ldns-signzone with salt, iterations and the
 * Opt-Out flag, and dnssec-signzone with Opt-Out (insecure delegations and the empty non-terminal above only them
 * left out of the chain). Every proof is checked as a resolver checks it ({@link Nsec3ProofChecker}: hashes,
 * matches, covers, RRSIGs verified); and its NSEC3 owners are those that real Knot and NSD, serving the same signed
 * file, put in the authority section of a DO=1 answer, except where the RFC leaves a choice (said per case).
 */
class Rfc5155Nsec3ProofTest {
    /** One zone, relative names, signed under three origins. */
    private static final String ZONE = String.join("\n",
            "$TTL 300",
            "@ IN SOA ns1 hostmaster 1 3600 600 86400 300",
            "@ NS ns1",
            "ns1 A 192.0.2.1",
            "www A 192.0.2.2",
            "*.wild A 192.0.2.3",
            "*.wild TXT \"wild\"",
            "a.b.c AAAA 2001:db8::1",
            "alias CNAME www",
            "dn DNAME example.net.",
            "secure NS ns.secure",
            "secure DS 12345 13 2 " + "ab".repeat(32),
            "ns.secure A 192.0.2.9",
            "insecure NS ns.elsewhere.example.",
            "deep.ent2 NS ns.elsewhere.example.",
            "");

    enum Kind { NXDOMAIN, NODATA, REFERRAL, WILDCARD_ANSWER, WILDCARD_NODATA }

    /**
     * One query: the name and type, what the zone answers (the engine's decision, given here), the closest encloser
     * the zone's lookup finds (or the delegation of a referral).
     */
    record Case(String qname, int qtype, Kind kind, String encloser, String section) { }

    private static final List<Case> CASES = List.of(
            new Case("nx", Type.A, Kind.NXDOMAIN, "@", "7.2.2"),
            new Case("x.y.c", Type.A, Kind.NXDOMAIN, "c", "7.2.2: encloser an empty non-terminal"),
            new Case("nope.b.c", Type.TXT, Kind.NXDOMAIN, "b.c", "7.2.2"),
            new Case("x.a.b.c", Type.A, Kind.NXDOMAIN, "a.b.c", "7.2.2"),
            new Case("x.www", Type.A, Kind.NXDOMAIN, "www", "7.2.2"),
            new Case("x.alias", Type.A, Kind.NXDOMAIN, "alias", "7.2.2: below a CNAME owner"),
            new Case("x.ent2", Type.A, Kind.NXDOMAIN, "ent2", "7.2.2: encloser above an insecure delegation only"),
            new Case("www", Type.MX, Kind.NODATA, "www", "7.2.3"),
            new Case("@", Type.TXT, Kind.NODATA, "@", "7.2.3 at the apex"),
            new Case("ns1", Type.AAAA, Kind.NODATA, "ns1", "7.2.3"),
            new Case("c", Type.A, Kind.NODATA, "c", "7.2.3: empty non-terminal"),
            new Case("b.c", Type.A, Kind.NODATA, "b.c", "7.2.3: empty non-terminal"),
            new Case("dn", Type.A, Kind.NODATA, "dn", "7.2.3: DNAME owner"),
            new Case("ent2", Type.A, Kind.NODATA, "ent2", "7.2.3: empty non-terminal above an insecure delegation"),
            new Case("www", Type.DS, Kind.NODATA, "www", "7.2.4: DS where there is no cut"),
            new Case("insecure", Type.DS, Kind.NODATA, "insecure", "7.2.4: DS at an insecure delegation"),
            new Case("deep.ent2", Type.DS, Kind.NODATA, "deep.ent2", "7.2.4: DS at an insecure delegation"),
            new Case("foo.wild", Type.MX, Kind.WILDCARD_NODATA, "wild", "7.2.5"),
            new Case("a.b.wild", Type.AAAA, Kind.WILDCARD_NODATA, "wild", "7.2.5: two labels below the wildcard"),
            new Case("foo.wild", Type.A, Kind.WILDCARD_ANSWER, "wild", "7.2.6"),
            new Case("a.b.wild", Type.TXT, Kind.WILDCARD_ANSWER, "wild", "7.2.6: two labels below the wildcard"),
            new Case("host.insecure", Type.A, Kind.REFERRAL, "insecure", "7.2.7"),
            new Case("insecure", Type.NS, Kind.REFERRAL, "insecure", "7.2.7"),
            new Case("x.deep.ent2", Type.A, Kind.REFERRAL, "deep.ent2", "7.2.7: below an empty non-terminal"));

    /**
     * Where a peer sends other NSEC3s than we do: the peer, the signed copy, the case, and why. The peer's proof must
     * then fail the resolver's check (so the difference is its shortcoming, not a choice the RFC leaves).
     */
    record Difference(String peer, Nsec3Signer.Style style, String qname, int qtype, String why) { }

    private static final List<Difference> DIFFERENCES = List.of(
            new Difference("NsdPeer", Nsec3Signer.Style.BIND_OPT_OUT, "x.ent2", Type.A,
                    "the closest encloser ent2 has no NSEC3 (Opt-Out); NSD covers x.ent2 and *.ent2 but matches no"
                            + " encloser, while Knot and we prove the closest provable encloser (the apex) and cover"
                            + " the next closer ent2 (RFC 5155 §7.2.1)"));

    @TempDir
    static Path dir;
    private static final Map<Nsec3Signer.Style, Signed> SIGNED = new EnumMap<>(Nsec3Signer.Style.class);
    private static KnotPeer knot;
    private static NsdPeer nsd;

    /** One signed copy of the zone: its origin, what we built from it and the checker for its keys. */
    record Signed(Name origin, Nsec3Proofs proofs, Nsec3ProofChecker checker) { }

    @BeforeAll
    static void signAndStartPeers() throws Exception {
        List<PeerZone> peerZones = new ArrayList<>();
        for (Nsec3Signer.Style style : Nsec3Signer.Style.values()) {
            Name origin = Name.fromString(style.name().toLowerCase().replace('_', '-') + ".n3.test.");
            String text = Nsec3Signer.sign(dir.resolve(style.name()), origin, ZONE, style);
            Zone zone = Nsec3Signer.zone(origin, text);
            List<DNSKEYRecord> keys = Nsec3Signer.records(origin, text).stream()
                    .filter(r -> r instanceof DNSKEYRecord).map(r -> (DNSKEYRecord) r).collect(Collectors.toList());
            Nsec3Proofs proofs = Nsec3Proofs.of(zone);
            assertNotNull(proofs, style + ": the signed zone has an NSEC3PARAM and NSEC3 chain");
            SIGNED.put(style, new Signed(origin, proofs, new Nsec3ProofChecker(origin, keys)));
            peerZones.add(PeerZone.primary(origin, text, null, List.of()));
        }
        knot = (KnotPeer) new KnotPeer(dir.resolve("knot"), peerZones).start();
        nsd = (NsdPeer) new NsdPeer(dir.resolve("nsd"), peerZones).start();
        for (Signed s : SIGNED.values()) {
            assertEquals(1, knot.serial(s.origin()), "Knot serves " + s.origin() + "\n" + knot.log());
            assertEquals(1, nsd.serial(s.origin()), "NSD serves " + s.origin() + "\n" + nsd.log());
        }
    }

    @AfterAll
    static void stopPeers() {
        if (knot != null) {
            knot.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> proofsAreValidAndAsKnotAndNsdServeThem() {
        return Stream.of(Nsec3Signer.Style.values()).flatMap(style -> CASES.stream().map(c -> DynamicTest.dynamicTest(
                style + " " + c.qname() + " " + Type.string(c.qtype()) + " " + c.kind() + " (§" + c.section() + ")",
                () -> check(style, c))));
    }

    private static void check(Nsec3Signer.Style style, Case c) throws IOException {
        Signed s = SIGNED.get(style);
        Name qname = absolute(c.qname(), s.origin());
        Name encloser = absolute(c.encloser(), s.origin());
        List<RRset> proof = proof(s.proofs(), c, qname, encloser);
        String context = style + " " + qname + " " + Type.string(c.qtype()) + " " + c.kind() + ": ours "
                + owners(proof);
        assertNull(s.checker().signatures(proof), context);
        assertNull(validity(s.checker(), c, qname, encloser, proof), context);
        for (PeerServer peer : List.of(knot, nsd)) {
            Message answer = ask(peer, qname, c.qtype());
            assertEquals(c.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR, answer.getRcode(),
                    context + "\n" + peer.getClass().getSimpleName() + " answered\n" + answer);
            assertEquals(c.kind() != Kind.REFERRAL, answer.getHeader().getFlag(Flags.AA), context);
            String name = peer.getClass().getSimpleName();
            Difference known = DIFFERENCES.stream().filter(d -> d.peer().equals(name) && d.style() == style
                    && d.qname().equals(c.qname()) && d.qtype() == c.qtype()).findFirst().orElse(null);
            if (known == null) {
                assertEquals(peerOwners(answer), owners(proof), context + "\n" + name + " answered\n" + answer);
            } else {
                assertNotNull(validity(s.checker(), c, qname, encloser, peerProof(answer)),
                        context + ": " + name + "'s proof was expected to fail the check: " + known.why());
            }
        }
    }

    private static List<RRset> proof(Nsec3Proofs proofs, Case c, Name qname, Name encloser) {
        return switch (c.kind()) {
            case NXDOMAIN -> proofs.nxdomain(qname, encloser);
            case NODATA -> proofs.nodata(qname);
            case REFERRAL -> proofs.noDs(encloser);
            case WILDCARD_ANSWER -> proofs.wildcardAnswer(qname, encloser);
            case WILDCARD_NODATA -> proofs.wildcardNodata(qname, encloser);
        };
    }

    private static String validity(Nsec3ProofChecker checker, Case c, Name qname, Name encloser, List<RRset> proof) {
        return switch (c.kind()) {
            case NXDOMAIN -> checker.nameError(proof, qname);
            case NODATA -> checker.noData(proof, qname, c.qtype());
            case REFERRAL -> checker.insecureReferral(proof, encloser);
            case WILDCARD_ANSWER -> checker.wildcardAnswer(proof, qname, encloser);
            case WILDCARD_NODATA -> checker.wildcardNoData(proof, qname, c.qtype());
        };
    }

    /** A DO=1 query over TCP (nothing truncated). */
    private static Message ask(PeerServer peer, Name qname, int qtype) throws IOException {
        SimpleResolver r = new SimpleResolver(peer.address());
        r.setTCP(true);
        r.setTimeout(Duration.ofSeconds(3));
        r.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        Message q = Message.newQuery(Record.newRecord(qname, qtype, DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        return r.send(q);
    }

    private static TreeSet<String> peerOwners(Message m) {
        return m.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.NSEC3)
                .map(r -> r.getName().toString().toLowerCase()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The NSEC3 RRsets, with their RRSIGs, of a peer's authority section. */
    private static List<RRset> peerProof(Message m) {
        Map<Name, RRset> byOwner = new java.util.LinkedHashMap<>();
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.NSEC3) {
                byOwner.computeIfAbsent(r.getName(), n -> new RRset()).addRR(r);
            }
        }
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof org.xbill.DNS.RRSIGRecord sig && sig.getTypeCovered() == Type.NSEC3
                    && byOwner.containsKey(r.getName())) {
                byOwner.get(r.getName()).addRR(sig);
            }
        }
        return new ArrayList<>(byOwner.values());
    }

    private static TreeSet<String> owners(List<RRset> proof) {
        return proof.stream().map(set -> set.getName().toString().toLowerCase())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Name absolute(String relative, Name origin) throws IOException {
        return relative.equals("@") ? origin : Name.fromString(relative, origin);
    }
}
