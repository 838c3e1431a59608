package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.AnswerTable;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Sockets;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 6672 DNAME redirection, row by row on the fixture zones in {@code fixture/dname}, asked of the real server over
 * UDP and TCP sockets: substitution at the closest DNAME owner, the synthesized CNAME after the DNAME, the chase into
 * our zones, occlusion below the owner, YXDOMAIN for an over-long result; and what {@code check} says about DNAMEs.
 */
class Rfc6672DnameTest {
    private static final String SOA =
            "example.org. SOA ns1.example.org. hostmaster.example.org. 2026010101 3600 900 1209600 300 /300";
    private static final String LONG_TARGET = "l".repeat(60) + "." + "l".repeat(60) + "." + "l".repeat(60)
            + ".example.org.";
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.root().resolve("server/src/test/resources/fixture/dname"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        String viaOld = "old.example.org. DNAME new.example.org.";
        return Stream.of(
                // rule, name, type, rcode, aa, answer, authority, additional
                row("below the owner: DNAME, synthesized CNAME, the target's data (§3.1)", "host.old.example.org.",
                        Type.A, Rcode.NOERROR, true, viaOld
                                + "|host.old.example.org. CNAME host.new.example.org.|host.new.example.org. A 192.0.2.10",
                        "", ""),
                row("the target's additional data comes along (RFC 1035 §3.3.9)", "host.old.example.org.", Type.MX,
                        Rcode.NOERROR, true, viaOld + "|host.old.example.org. CNAME host.new.example.org."
                                + "|host.new.example.org. MX 10 mail.new.example.org.", "",
                        "mail.new.example.org. A 192.0.2.25"),
                row("the owner's own data is served: the DNAME redirects only names below it (§2.3)",
                        "old.example.org.", Type.A, Rcode.NOERROR, true, "old.example.org. A 192.0.2.3", "", ""),
                row("the DNAME asked for at its owner", "old.example.org.", Type.DNAME, Rcode.NOERROR, true, viaOld,
                        "", ""),
                row("the owner without the type asked: NODATA", "old.example.org.", Type.TXT, Rcode.NOERROR, true,
                        "", SOA, ""),
                row("a name two labels below the owner is redirected too", "a.b.old.example.org.", Type.A,
                        Rcode.NXDOMAIN, true, viaOld + "|a.b.old.example.org. CNAME a.b.new.example.org.", SOA, ""),
                row("data below the owner is occluded, never served (§2.4)", "x.old.example.org.", Type.TXT,
                        Rcode.NXDOMAIN, true, viaOld + "|x.old.example.org. CNAME x.new.example.org.", SOA, ""),
                row("a wildcard below the owner is occluded too", "zzz.old.example.org.", Type.TXT, Rcode.NXDOMAIN,
                        true, viaOld + "|zzz.old.example.org. CNAME zzz.new.example.org.", SOA, ""),
                row("the synthesized CNAME asked for is the answer, not followed", "host.old.example.org.",
                        Type.CNAME, Rcode.NOERROR, true,
                        viaOld + "|host.old.example.org. CNAME host.new.example.org.", "", ""),
                row("a chain of DNAMEs is followed", "host.a.example.org.", Type.A, Rcode.NOERROR, true,
                        "a.example.org. DNAME b.example.org.|host.a.example.org. CNAME host.b.example.org."
                                + "|b.example.org. DNAME new.example.org.|host.b.example.org. CNAME host.new.example.org."
                                + "|host.new.example.org. A 192.0.2.10", "", ""),
                row("a CNAME into a DNAME's subtree", "c.example.org.", Type.A, Rcode.NOERROR, true,
                        "c.example.org. CNAME host.old.example.org.|" + viaOld
                                + "|host.old.example.org. CNAME host.new.example.org.|host.new.example.org. A 192.0.2.10",
                        "", ""),
                row("a DNAME onto a wildcard: the target is synthesized (RFC 4592)", "any.w.example.org.", Type.A,
                        Rcode.NOERROR, true, "w.example.org. DNAME wild.example.org."
                                + "|any.w.example.org. CNAME any.wild.example.org.|any.wild.example.org. A 192.0.2.99",
                        "", ""),
                row("a DNAME to a name outside our zones stops after the CNAME", "www.ext.example.org.", Type.A,
                        Rcode.NOERROR, true, "ext.example.org. DNAME example.net.|www.ext.example.org. CNAME www.example.net.",
                        "", ""),
                row("a DNAME into our child zone is followed there", "host.tochild.example.org.", Type.A,
                        Rcode.NOERROR, true, "tochild.example.org. DNAME child.example.org."
                                + "|host.tochild.example.org. CNAME host.child.example.org."
                                + "|host.child.example.org. A 192.0.2.71", "", ""),
                row("a DNAME into a delegation ends in the referral", "host.tosub.example.org.", Type.A,
                        Rcode.NOERROR, true, "tosub.example.org. DNAME sub.example.org."
                                + "|host.tosub.example.org. CNAME host.sub.example.org.",
                        "sub.example.org. NS ns.sub.example.org.", "ns.sub.example.org. A 192.0.2.53"),
                row("a DNAME loop ends", "x.loop1.example.org.", Type.A, Rcode.NOERROR, true,
                        "loop1.example.org. DNAME loop2.example.org.|x.loop1.example.org. CNAME x.loop2.example.org."
                                + "|loop2.example.org. DNAME loop1.example.org."
                                + "|x.loop2.example.org. CNAME x.loop1.example.org.", "", ""),
                row("a substituted name over 255 octets is YXDOMAIN, with the DNAME (§2.2)",
                        "y".repeat(62) + ".long.example.org.", Type.A, Rcode.YXDOMAIN, true,
                        "long.example.org. DNAME " + LONG_TARGET, "", ""),
                row("a substituted name of 255 octets or less is not YXDOMAIN", "y".repeat(50) + ".long.example.org.",
                        Type.A, Rcode.NXDOMAIN, true, "long.example.org. DNAME " + LONG_TARGET + "|" + "y".repeat(50)
                                + ".long.example.org. CNAME " + "y".repeat(50) + "." + LONG_TARGET, SOA, ""),
                row("a DNAME at the apex redirects every name below it (§2.3)", "host.apex.test.", Type.A,
                        Rcode.NOERROR, true, "apex.test. DNAME new.example.org.|host.apex.test. CNAME host.new.example.org."
                                + "|host.new.example.org. A 192.0.2.10", "", ""),
                row("the apex keeps its own data beside the DNAME", "apex.test.", Type.A, Rcode.NOERROR, true,
                        "apex.test. A 192.0.2.5", "", ""));
    }

    private static Arguments row(String rule, String name, int type, int rcode, boolean aa, String answer,
                                 String authority, String additional) {
        return Arguments.of(rule, name, type, rcode, aa, answer, authority, additional);
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("cases")
    void answersPerRfc6672(String rule, String name, int type, int rcode, boolean aa, String answer,
                           String authority, String additional) {
        AnswerTable.check(server.address, rule, name, type, rcode, aa, answer, authority, additional, false);
    }

    /** §3.1: the synthesized CNAME is owned by the name as asked and keeps its labels' case; its TTL is the DNAME's. */
    @ParameterizedTest
    @EnumSource(Sockets.Transport.class)
    void synthesizedCnameKeepsTheQueryCaseAndTheDnameTtl(Sockets.Transport transport) {
        Message r = Sockets.ask(transport, server.address, Fixture.query("HoSt.OLD.example.org.", Type.A));
        assertEquals("HoSt.OLD.example.org.", r.getQuestion().getName().toString());
        List<Record> answer = r.getSection(Section.ANSWER);
        Record dname = answer.get(0);
        Record cname = answer.get(1);
        assertEquals(Type.DNAME, dname.getType());
        assertEquals(600, dname.getTTL(), "the DNAME's TTL as written");
        assertEquals(Type.CNAME, cname.getType());
        assertEquals("HoSt.OLD.example.org.", cname.getName().toString(), "owner: the name as asked");
        assertEquals("HoSt.new.example.org.", cname.rdataToString(), "target: the query's labels, the DNAME's target");
        assertEquals(600, cname.getTTL(), "the synthesized CNAME's TTL is the DNAME's (§3.1)");
    }

    private static ZoneFile read(String records) {
        return new ZoneFileReader().parse(Path.of("zones/example.test.toml"),
                records + "\n[soa]\nmname = \"ns1\"\nrname = \"hostmaster\"\nserial = 1\n");
    }

    private static final String NS = "[[records]]\nname = \"@\"\ntype = \"NS\"\ndata = \"ns1.example.net.\"\n";

    @Test
    void checkWarnsAboutDataBelowADnameAndStillServesTheZone() {
        ZoneFile f = read(NS + "[[records]]\nname = \"old\"\ntype = \"DNAME\"\ndata = \"new.example.test.\"\n"
                + "[[records]]\nname = \"www.old\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n");
        assertTrue(f.ok(), f.diagnostics().toString());
        List<Diagnostic> warnings = f.diagnostics().stream().filter(d -> !d.isError()).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(9, warnings.get(0).line());
        assertTrue(warnings.get(0).message().contains("A at www.old.example.test. is below the DNAME at "
                + "old.example.test. and will not be served"), warnings.toString());
    }

    @Test
    void checkSaysNothingAboutADnameWithNothingBelow() {
        ZoneFile f = read(NS + "[[records]]\nname = \"old\"\ntype = \"DNAME\"\ndata = \"new.example.test.\"\n"
                + "[[records]]\nname = \"old\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n");
        assertTrue(f.diagnostics().isEmpty(), f.diagnostics().toString());
    }

    @Test
    void dnameBesideCnameIsAnError() {
        ZoneFile f = read(NS + "[[records]]\nname = \"old\"\ntype = \"DNAME\"\ndata = \"new.example.test.\"\n"
                + "[[records]]\nname = \"old\"\ntype = \"CNAME\"\ndata = \"www.example.net.\"\n");
        assertFalse(f.ok());
        assertTrue(f.diagnostics().stream().anyMatch(d -> d.isError()
                && d.message().contains("CNAME at old.example.test. beside other data (DNAME)")), f.diagnostics().toString());
    }

    @Test
    void twoDnamesAtOneNameAreAnError() {
        ZoneFile f = read(NS + "[[records]]\nname = \"old\"\ntype = \"DNAME\"\ndata = \"new.example.test.\"\n"
                + "[[records]]\nname = \"old\"\ntype = \"DNAME\"\ndata = \"other.example.test.\"\n");
        assertFalse(f.ok());
        assertTrue(f.diagnostics().stream().anyMatch(d -> d.isError() && d.line() == 9
                && d.message().contains("more than one DNAME at old.example.test.")), f.diagnostics().toString());
    }
}
