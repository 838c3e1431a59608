package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.KnotPeer;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.testing.RunningServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * RFC 4035 §3.1, answers to DO=1 queries of a zone signed by {@code ldns-signzone} and imported as a user would:
 * each row is one rule, asked of tomldns and of NSD and Knot serving the same signed file, over UDP and TCP, with
 * the real server on port 0 (answer cache included). They must give the same rcode, flags, answer section (RRSIGs
 * included) and the same authority section (NSD's apex NS beside positive answers aside: tomldns answers
 * minimally); every RRset in answer and authority must carry its RRSIGs where the zone signed it; without DO no
 * DNSSEC record is added.
 */
class Rfc4035SignedAnswerTest {
    static final Name ORIGIN = Name.fromConstantString("signed.test.");
    @TempDir
    static Path dir;
    private static SignedZoneFixture zone;
    private static RunningServer ours;
    private static NsdPeer nsd;
    private static KnotPeer knot;

    /** Name, type, the rule: what the answer must show (checked beside the comparison with NSD). */
    static final String[][] ROWS = {
            {"signed.test.", "SOA", "§3.1.1 answer: SOA with its RRSIG"},
            {"signed.test.", "MX", "§3.1.1 answer: MX with its RRSIG; the target's address signed in additional"},
            {"signed.test.", "CAA", "§3.1.1 answer: CAA with its RRSIG"},
            {"signed.test.", "DNSKEY", "§3.1.1 direct query: DNSKEY with the KSK's RRSIG"},
            {"signed.test.", "NSEC", "direct query: the apex NSEC with its RRSIG"},
            {"signed.test.", "RRSIG", "direct query: every RRSIG at the name"},
            {"signed.test.", "ANY", "RFC 8482: one RRset, with its RRSIG"},
            {"mail.signed.test.", "AAAA", "§3.1.1 answer: AAAA with its RRSIG"},
            {"www.signed.test.", "A", "§3.1.1 CNAME chain: CNAME and A, each with its RRSIG"},
            {"x.wild.signed.test.", "A", "§3.1.3.3 wildcard answer: RRSIG labels 3 < 4, NSEC covering the name"},
            {"x.y.wild.signed.test.", "TXT", "§3.1.3.3 wildcard answer two labels below"},
            {"x.wild.signed.test.", "MX", "§3.1.3.4 wildcard NODATA: cover of the name and the wildcard's NSEC"},
            {"wcname.signed.test.", "A", "CNAME to a wildcard-expanded name: its proof in authority"},
            {"q.wc.signed.test.", "A", "§3.1.3.3 wildcard CNAME: signed, with the proof"},
            {"nope.signed.test.", "A", "§3.1.3.2 NXDOMAIN: NSEC covering the name and NSEC covering the wildcard"},
            {"zzz.signed.test.", "TXT", "§3.1.3.2 NXDOMAIN after the last name: the chain wraps to the apex"},
            {"a.nope.b.ent.signed.test.", "A", "§3.1.3.2 NXDOMAIN below an empty non-terminal"},
            {"mail.signed.test.", "TXT", "§3.1.3.1 NODATA: the NSEC at the name"},
            {"b.ent.signed.test.", "A", "§3.1.3.1 NODATA at an empty non-terminal: the NSEC covering it"},
            {"a.sub.signed.test.", "A", "§3.1.4.1 insecure referral: NS unsigned, the NSEC at the cut (no DS)"},
            {"sub.signed.test.", "NS", "§3.1.4.1 referral at the cut itself"},
            {"a.secure.signed.test.", "A", "§3.1.4 secure referral: NS unsigned, DS with its RRSIG"},
            {"secure.signed.test.", "DS", "§3.1.4.1 DS query at the cut: answered by the parent, signed"},
            {"sub.signed.test.", "DS", "§3.1.4.1 DS query at a cut without DS: NODATA with the cut's NSEC"},
            {"x.dn.signed.test.", "A", "RFC 6672 §5.3: DNAME with its RRSIG, synthesized CNAME unsigned"},
    };

    /**
     * Rows where NSD's authority section is not a whole proof, checked against the rule instead: the NSEC owners the
     * authority must hold. After a DNAME to a missing name, NSD 4.6 sends only the NSEC covering the wildcard
     * ({@code sub -> x.target} covers {@code *.target}), not the one covering the name ({@code x.target -> *.wc}
     * covers {@code y.target}); RFC 4035 §3.1.3.2 asks for both, and Knot sends both.
     */
    private static final String[][] RULE_ONLY = {
            {"y.dn.signed.test.", "A", "sub.signed.test. x.target.signed.test."},
    };

    @BeforeAll
    static void start() throws Exception {
        zone = SignedZoneFixture.make(dir);
        ours = new RunningServer(zone.zones());
        nsd = (NsdPeer) new NsdPeer(dir.resolve("nsd"),
                List.of(PeerZone.primary(zone.origin(), zone.signedText(), null, List.of()))).start();
        knot = (KnotPeer) new KnotPeer(dir.resolve("knot"),
                List.of(PeerZone.primary(zone.origin(), zone.signedText(), null, List.of()))).start();
    }

    @AfterAll
    static void stop() {
        if (knot != null) {
            knot.close();
        }
        if (nsd != null) {
            nsd.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    static Message ask(InetSocketAddress server, String name, String type, boolean dnssec, boolean tcp)
            throws Exception {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        r.setIgnoreTruncation(true);
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        q.addRecord(new OPTRecord(1232, 0, 0, dnssec ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return r.send(q);
    }

    /** What must agree with NSD: rcode, AA, TC, answer, and the authority (NSD's apex NS beside data aside). */
    static String digest(Message m) {
        StringBuilder sb = new StringBuilder(Rcode.string(m.getRcode()));
        sb.append(m.getHeader().getFlag(Flags.AA) ? " aa" : "").append(m.getHeader().getFlag(Flags.TC) ? " tc" : "");
        List<Record> answer = m.getSection(Section.ANSWER);
        sb.append("\n  answer: ").append(sorted(answer));
        boolean positive = !answer.isEmpty() && m.getHeader().getFlag(Flags.AA) && m.getRcode() == Rcode.NOERROR;
        List<Record> authority = new ArrayList<>();
        for (Record r : m.getSection(Section.AUTHORITY)) {
            boolean apexNs = r.getRRsetType() == Type.NS && r.getName().equals(ORIGIN);
            if (!(positive && apexNs)) {
                authority.add(r);
            }
        }
        sb.append("\n  authority: ").append(sorted(authority));
        return sb.toString();
    }

    private static List<String> sorted(List<Record> records) {
        return records.stream().map(r -> r.toString().toLowerCase()).sorted().collect(Collectors.toList());
    }

    @Test
    void doAnswersEqualNsdsOverUdpAndTcp() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] row : ROWS) {
            for (boolean tcp : new boolean[] {false, true}) {
                String theirs = digest(ask(nsd.address(), row[0], row[1], true, tcp));
                String mine = digest(ask(ours.address, row[0], row[1], true, tcp));
                if (!theirs.equals(mine)) {
                    differences.add(row[0] + " " + row[1] + (tcp ? " TCP" : " UDP") + " (" + row[2] + ")\n NSD: "
                            + theirs + "\n tomldns: " + mine);
                }
            }
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    /**
     * The same table against Knot serving the same file (Knot answers minimally too), but for ANY and RRSIG: Knot
     * 3.2 answers both with one RRset of its choosing (RFC 8482 §4.2 lets a server pick any one; NSD and tomldns
     * give the first in zone order for ANY and every RRSIG at the name for RRSIG).
     */
    @Test
    void doAnswersEqualKnotsOverUdpAndTcp() throws Exception {
        List<String[]> rows = new ArrayList<>(List.of(ROWS));
        rows.add(new String[] {RULE_ONLY[0][0], RULE_ONLY[0][1], "NXDOMAIN after a DNAME: Knot proves both"});
        List<String> differences = new ArrayList<>();
        for (String[] row : rows) {
            if (row[1].equals("ANY") || row[1].equals("RRSIG")) {
                continue;
            }
            for (boolean tcp : new boolean[] {false, true}) {
                String theirs = digest(ask(knot.address(), row[0], row[1], true, tcp));
                String mine = digest(ask(ours.address, row[0], row[1], true, tcp));
                if (!theirs.equals(mine)) {
                    differences.add(row[0] + " " + row[1] + (tcp ? " TCP" : " UDP") + " (" + row[2] + ")\n Knot: "
                            + theirs + "\n tomldns: " + mine);
                }
            }
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    @Test
    void nxdomainAfterADnameProvesNameAndWildcard() throws Exception {
        for (String[] row : RULE_ONLY) {
            for (boolean tcp : new boolean[] {false, true}) {
                Message m = ask(ours.address, row[0], row[1], true, tcp);
                assertEquals(Rcode.NXDOMAIN, m.getRcode(), row[0]);
                String owners = m.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.NSEC)
                        .map(r -> r.getName().toString().toLowerCase()).sorted().collect(Collectors.joining(" "));
                assertEquals(row[2], owners, row[0] + " " + row[1] + ": NSEC owners in authority");
            }
        }
    }

    /**
     * RFC 4035 §3.1.1: an RRset that fits a UDP answer only without its RRSIGs sets TC, as NSD does; over TCP, and
     * without DO, it is whole and TC clear.
     */
    @Test
    void rrsetWhoseSignaturesDoNotFitSetsTc() throws Exception {
        String[][] cases = {{"true", "false", "tc"}, {"true", "true", ""}, {"false", "false", ""}};
        for (String[] c : cases) {
            boolean dnssec = Boolean.parseBoolean(c[0]);
            boolean tcp = Boolean.parseBoolean(c[1]);
            Message m = ask(ours.address, "big.signed.test.", "TXT", dnssec, tcp);
            Message theirs = ask(nsd.address(), "big.signed.test.", "TXT", dnssec, tcp);
            String what = "big.signed.test. TXT do=" + dnssec + (tcp ? " TCP" : " UDP");
            assertEquals(!c[2].isEmpty(), m.getHeader().getFlag(Flags.TC), what);
            assertEquals(theirs.getHeader().getFlag(Flags.TC), m.getHeader().getFlag(Flags.TC), what + " as NSD");
            if (c[2].isEmpty()) {
                assertEquals(5, m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT).count(),
                        what);
                assertEquals(dnssec, m.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.RRSIG),
                        what + ": the RRSIG");
            }
        }
    }

    /** RFC 4035 §3.1.1: every RRset in answer and authority with its RRSIGs, but the two the rules exempt. */
    @Test
    void everyRrsetInAnswerAndAuthorityCarriesItsSignatures() throws Exception {
        for (String[] row : ROWS) {
            Message m = ask(ours.address, row[0], row[1], true, false);
            assertFalse(m.getHeader().getFlag(Flags.TC), row[2]);
            for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
                List<Record> records = m.getSection(section);
                for (Record r : records) {
                    if (r.getType() == Type.RRSIG || exempt(m, r, section)) {
                        continue;
                    }
                    boolean signed = records.stream().anyMatch(s -> s instanceof RRSIGRecord sig
                            && sig.getTypeCovered() == r.getType() && sig.getName().equals(r.getName()));
                    assertTrue(signed, row[0] + " " + row[1] + " (" + row[2] + "): no RRSIG over " + r);
                }
            }
        }
    }

    /** The NS of a referral is the child's (§3.1.4); the CNAME synthesized from a DNAME is unsigned (RFC 6672). */
    private static boolean exempt(Message m, Record r, int section) {
        boolean referralNs = section == Section.AUTHORITY && r.getType() == Type.NS
                && !m.getHeader().getFlag(Flags.AA);
        boolean synthesized = r.getType() == Type.CNAME && m.getSection(Section.ANSWER).stream()
                .anyMatch(d -> d.getType() == Type.DNAME && r.getName().subdomain(d.getName()));
        return referralNs || synthesized;
    }

    /** RFC 4035 §3.1.3.3: a wildcard answer's RRSIG goes as signed: its Labels field is the wildcard's, 2. */
    @Test
    void wildcardAnswerKeepsTheSignaturesLabelsField() throws Exception {
        Message m = ask(ours.address, "x.y.wild.signed.test.", "A", true, false);
        RRSIGRecord sig = (RRSIGRecord) m.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.RRSIG).findFirst().orElseThrow();
        assertEquals(Name.fromString("x.y.wild.signed.test."), sig.getName());
        // RFC 4034 §3.1.3: the labels of the wildcard's owner without the "*": 3, fewer than the 4 of the name.
        assertEquals(3, sig.getLabels(), "RRSIG labels of *.wild.signed.test.");
        assertTrue(m.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.NSEC),
                "the NSEC proving x.y.wild.signed.test. does not exist");
    }

    /** RFC 3225 §3: without DO, no RRSIG, NSEC or DS is added, and the answer is NSD's. */
    @Test
    void withoutDoNothingIsAdded() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] row : ROWS) {
            int asked = Type.value(row[1]);
            if (asked == Type.RRSIG || asked == Type.NSEC || asked == Type.DNSKEY || asked == Type.DS) {
                continue; // asked for by name: the data itself
            }
            Message m = ask(ours.address, row[0], row[1], false, false);
            for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
                for (Record r : m.getSection(section)) {
                    int t = r.getType();
                    assertFalse(t == Type.RRSIG || t == Type.NSEC || t == Type.DS, row[0] + " " + row[1] + ": " + r);
                }
            }
            String theirs = digest(ask(nsd.address(), row[0], row[1], false, false));
            if (!theirs.equals(digest(m))) {
                differences.add(row[0] + " " + row[1] + "\n NSD: " + theirs + "\n tomldns: " + digest(m));
            }
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }
}
