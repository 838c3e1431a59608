package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.edit.MasterFileSource;
import dev.tomldns.edit.ZoneImport;
import dev.tomldns.interop.KnotPeer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 5155 §7.2 over the wire: the real server (UDP and TCP sockets) serving the {@link Nsec3Cases} zone, signed
 * three ways by real signers and imported as a user imports a signed zone ({@code tomldns import}), answers each
 * DO=1 query with the rcode and AA bit Knot gives for the same signed file and with the NSEC3 records Knot puts in
 * authority, each with an RRSIG that verifies, forming a proof a resolver accepts ({@link Nsec3ProofChecker}).
 * Without DO the same queries get no NSEC3 and no RRSIG.
 */
class Rfc5155Nsec3AnswerTest {
    @TempDir
    static Path dir;
    private static final Map<Nsec3Signer.Style, Signed> SIGNED = new EnumMap<>(Nsec3Signer.Style.class);
    private static RunningServer ours;
    private static KnotPeer knot;

    record Signed(Name origin, Nsec3ProofChecker checker) { }

    @BeforeAll
    static void signImportAndServe() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        List<PeerZone> peerZones = new ArrayList<>();
        for (Nsec3Signer.Style style : Nsec3Signer.Style.values()) {
            Name origin = Name.fromString(style.name().toLowerCase().replace('_', '-') + ".answer.test.");
            String text = Nsec3Signer.sign(dir.resolve(style.name()), origin, Nsec3Cases.ZONE, style);
            Path signed = dir.resolve(style.name()).resolve("signed.zone");
            ZoneImport imported = ZoneImport.of(MasterFileSource.read(signed, origin, new ArrayList<>()),
                    Path.of(origin + "toml"));
            assertEquals(List.of(), imported.problems(), style + ": the imported signed zone passes check");
            Files.writeString(zones.resolve(origin + "toml"), imported.toml(), StandardCharsets.UTF_8);
            List<DNSKEYRecord> keys = Nsec3Signer.records(origin, text).stream()
                    .filter(r -> r instanceof DNSKEYRecord).map(r -> (DNSKEYRecord) r).collect(Collectors.toList());
            SIGNED.put(style, new Signed(origin, new Nsec3ProofChecker(origin, keys)));
            peerZones.add(PeerZone.primary(origin, text, null, List.of()));
        }
        ours = new RunningServer(zones);
        knot = (KnotPeer) new KnotPeer(dir.resolve("knot"), peerZones).start();
    }

    @AfterAll
    static void stop() {
        if (knot != null) {
            knot.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> signedAnswersProveAsKnotDoes() {
        return Stream.of(Nsec3Signer.Style.values()).flatMap(style -> Nsec3Cases.CASES.stream()
                .flatMap(c -> Stream.of(false, true).map(tcp -> DynamicTest.dynamicTest(style + " " + c.qname()
                        + " " + Type.string(c.qtype()) + " " + c.kind() + (tcp ? " tcp" : " udp")
                        + " (§" + c.section() + ")",
                        () -> check(style, c, tcp)))));
    }

    @TestFactory
    Stream<DynamicTest> withoutDoNoNsec3AndNoRrsig() {
        return Nsec3Cases.CASES.stream().map(c -> DynamicTest.dynamicTest(c.qname() + " " + Type.string(c.qtype()),
                () -> {
                    Signed s = SIGNED.get(Nsec3Signer.Style.BIND_OPT_OUT);
                    Name qname = Nsec3Cases.absolute(c.qname(), s.origin());
                    Message answer = Nsec3Cases.ask(ours.address, qname, c.qtype(), false, false);
                    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
                        for (Record r : answer.getSection(section)) {
                            assertTrue(r.getType() != Type.NSEC3 && r.getType() != Type.RRSIG, answer.toString());
                        }
                    }
                }));
    }

    /**
     * RFC 5155 §7.2.8: the owner of an NSEC3 (here the hash of www) has no data of its own in the zone's tree, so it
     * is answered as a name that does not exist: NXDOMAIN with the Name Error proof, as Knot answers, for any type.
     */
    @TestFactory
    Stream<DynamicTest> nsec3OwnerNamesDoNotExist() {
        return Stream.of(Nsec3Signer.Style.values()).flatMap(style -> Stream.of(Type.A, Type.NSEC3, Type.TXT)
                .map(type -> DynamicTest.dynamicTest(style + " " + Type.string(type), () -> {
                    Signed s = SIGNED.get(style);
                    Name www = Name.fromString("www", s.origin());
                    Message knotsHash = Nsec3Cases.ask(knot.address(), www, Type.MX, true, true);
                    Name hashed = Nsec3Cases.proofIn(knotsHash).get(0).getName();
                    Message theirs = Nsec3Cases.ask(knot.address(), hashed, type, true, true);
                    for (boolean tcp : new boolean[] {false, true, false}) { // again: the answer cache's turn
                        Message mine = Nsec3Cases.ask(ours.address, hashed, type, tcp, true);
                        String context = hashed + " " + Type.string(type) + "\ntomldns:\n" + mine + "\nKnot:\n"
                                + theirs;
                        assertEquals(Rcode.NXDOMAIN, theirs.getRcode(), context);
                        assertEquals(theirs.getRcode(), mine.getRcode(), context);
                        List<RRset> proof = Nsec3Cases.proofIn(mine);
                        assertEquals(Nsec3Cases.owners(Nsec3Cases.proofIn(theirs)), Nsec3Cases.owners(proof),
                                context);
                        assertNull(s.checker().nameError(proof, hashed), context);
                    }
                })));
    }

    private static void check(Nsec3Signer.Style style, Nsec3Cases.Case c, boolean tcp) throws Exception {
        Signed s = SIGNED.get(style);
        Name qname = Nsec3Cases.absolute(c.qname(), s.origin());
        Name proven = Nsec3Cases.absolute(c.proven(), s.origin());
        Name encloser = Nsec3Cases.absolute(c.encloser(), s.origin());
        Message mine = Nsec3Cases.ask(ours.address, qname, c.qtype(), tcp, true);
        Message theirs = Nsec3Cases.ask(knot.address(), qname, c.qtype(), true, true);
        String context = style + " " + qname + " " + Type.string(c.qtype()) + "\ntomldns:\n" + mine + "\nKnot:\n"
                + theirs;
        assertEquals(theirs.getRcode(), mine.getRcode(), context);
        assertEquals(c.kind() == Nsec3Cases.Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR, mine.getRcode(), context);
        assertEquals(theirs.getHeader().getFlag(Flags.AA), mine.getHeader().getFlag(Flags.AA), context);
        assertTrue(!mine.getHeader().getFlag(Flags.TC), context);
        List<RRset> proof = Nsec3Cases.proofIn(mine);
        assertEquals(Nsec3Cases.owners(Nsec3Cases.proofIn(theirs)), Nsec3Cases.owners(proof), context);
        assertNull(s.checker().signatures(proof), context);
        String invalid = switch (c.kind()) {
            case NXDOMAIN -> s.checker().nameError(proof, proven);
            case NODATA -> s.checker().noData(proof, proven, c.qtype());
            case REFERRAL -> s.checker().insecureReferral(proof, encloser);
            case WILDCARD_ANSWER -> s.checker().wildcardAnswer(proof, proven, encloser);
            case WILDCARD_NODATA -> s.checker().wildcardNoData(proof, proven, c.qtype());
        };
        assertNull(invalid, context);
    }
}
