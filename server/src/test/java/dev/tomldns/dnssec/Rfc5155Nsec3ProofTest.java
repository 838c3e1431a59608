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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
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
            String text = Nsec3Signer.sign(dir.resolve(style.name()), origin, Nsec3Cases.ZONE, style);
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
        return Stream.of(Nsec3Signer.Style.values()).flatMap(style -> Nsec3Cases.CASES.stream()
                .map(c -> DynamicTest.dynamicTest(style + " " + c.qname() + " " + Type.string(c.qtype()) + " "
                        + c.kind() + " (§" + c.section() + ")", () -> check(style, c))));
    }

    private static void check(Nsec3Signer.Style style, Nsec3Cases.Case c) throws IOException {
        Signed s = SIGNED.get(style);
        Name qname = Nsec3Cases.absolute(c.qname(), s.origin());
        Name proven = Nsec3Cases.absolute(c.proven(), s.origin());
        Name encloser = Nsec3Cases.absolute(c.encloser(), s.origin());
        List<RRset> proof = proof(s.proofs(), c, proven, encloser);
        String context = style + " " + qname + " " + Type.string(c.qtype()) + " " + c.kind() + ": ours "
                + Nsec3Cases.owners(proof);
        assertNull(s.checker().signatures(proof), context);
        assertNull(validity(s.checker(), c, proven, encloser, proof), context);
        for (PeerServer peer : List.of(knot, nsd)) {
            Message answer = Nsec3Cases.ask(peer.address(), qname, c.qtype(), true, true);
            assertEquals(c.kind() == Nsec3Cases.Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR, answer.getRcode(),
                    context + "\n" + peer.getClass().getSimpleName() + " answered\n" + answer);
            assertEquals(c.kind() != Nsec3Cases.Kind.REFERRAL, answer.getHeader().getFlag(Flags.AA), context);
            String name = peer.getClass().getSimpleName();
            Difference known = DIFFERENCES.stream().filter(d -> d.peer().equals(name) && d.style() == style
                    && d.qname().equals(c.qname()) && d.qtype() == c.qtype()).findFirst().orElse(null);
            if (known == null) {
                assertEquals(Nsec3Cases.owners(Nsec3Cases.proofIn(answer)), Nsec3Cases.owners(proof),
                        context + "\n" + name + " answered\n" + answer);
            } else {
                assertNotNull(validity(s.checker(), c, proven, encloser, Nsec3Cases.proofIn(answer)),
                        context + ": " + name + "'s proof was expected to fail the check: " + known.why());
            }
        }
    }

    private static List<RRset> proof(Nsec3Proofs proofs, Nsec3Cases.Case c, Name qname, Name encloser) {
        return switch (c.kind()) {
            case NXDOMAIN -> proofs.nxdomain(qname, encloser);
            case NODATA -> proofs.nodata(qname);
            case REFERRAL -> proofs.noDs(encloser);
            case WILDCARD_ANSWER -> proofs.wildcardAnswer(qname, encloser);
            case WILDCARD_NODATA -> proofs.wildcardNodata(qname, encloser);
        };
    }

    private static String validity(Nsec3ProofChecker checker, Nsec3Cases.Case c, Name qname, Name encloser,
            List<RRset> proof) {
        return switch (c.kind()) {
            case NXDOMAIN -> checker.nameError(proof, qname);
            case NODATA -> checker.noData(proof, qname, c.qtype());
            case REFERRAL -> checker.insecureReferral(proof, encloser);
            case WILDCARD_ANSWER -> checker.wildcardAnswer(proof, qname, encloser);
            case WILDCARD_NODATA -> checker.wildcardNoData(proof, qname, c.qtype());
        };
    }


}
