package dev.tomldns.zone;

import dev.tomldns.testing.AnswerTable;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * RFC 1034 §4.3.2 (with RFC 2308, RFC 4592, RFC 6604) case by case on the fixture zones: each row is a query and
 * the whole response it must get, sections written as "owner TYPE rdata" lines, asked of the real server over UDP
 * and TCP sockets.
 */
class Rfc1034LookupTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.fixtureZones());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, type, rcode, aa, answer, authority, additional
                row("exact match: apex A", "example.com.", Type.A, Rcode.NOERROR, true,
                        "example.com. A 192.0.2.10", "", ""),
                row("exact match, case-insensitive", "EXAMPLE.com.", Type.A, Rcode.NOERROR, true,
                        "example.com. A 192.0.2.10", "", ""),
                row("NODATA: SOA in authority with TTL min(SOA TTL, minimum) (RFC 2308 §3)", "example.com.",
                        Type.AAAA, Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("NXDOMAIN with SOA (RFC 2308 §2.1)", "nope.example.com.", Type.A, Rcode.NXDOMAIN, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("empty non-terminal is NODATA, not NXDOMAIN (RFC 4592 §2.2.2)", "c.example.com.", Type.A,
                        Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("wildcard blocked by an empty non-terminal (RFC 4592 §3.3.1)", "b.c.example.com.", Type.TXT,
                        Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("wildcard at the closest encloser synthesizes, owner = qname (RFC 4592 §3.3.1)",
                        "other.c.example.com.", Type.TXT, Rcode.NOERROR, true,
                        "other.c.example.com. TXT \"wildcard under c\"", "", ""),
                row("wildcard synthesis", "Anything.wild.example.com.", Type.A, Rcode.NOERROR, true,
                        "anything.wild.example.com. A 192.0.2.99", "", ""),
                row("wildcard synthesis several labels down", "a.b.wild.example.com.", Type.TXT, Rcode.NOERROR, true,
                        "a.b.wild.example.com. TXT wild", "", ""),
                row("wildcard NODATA", "x.wild.example.com.", Type.MX, Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("an existing name is not synthesized (RFC 4592 §2.2.2)", "host.wild.example.com.", Type.TXT,
                        Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("no synthesis below an existing name", "x.host.wild.example.com.", Type.A, Rcode.NXDOMAIN, true,
                        "", "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("the wildcard name itself matches literally", "*.wild.example.com.", Type.A, Rcode.NOERROR, true,
                        "*.wild.example.com. A 192.0.2.99", "", ""),
                row("wildcard CNAME is synthesized and followed", "q.cwild.example.com.", Type.A, Rcode.NOERROR, true,
                        "q.cwild.example.com. CNAME www.example.com.|www.example.com. CNAME example.com.|example.com. A 192.0.2.10",
                        "", ""),
                row("CNAME followed inside the zone (RFC 1034 §3.6.2)", "www.example.com.", Type.A, Rcode.NOERROR,
                        true, "www.example.com. CNAME example.com.|example.com. A 192.0.2.10", "", ""),
                row("CNAME chain", "alias.example.com.", Type.A, Rcode.NOERROR, true,
                        "alias.example.com. CNAME www.example.com.|www.example.com. CNAME example.com.|example.com. A 192.0.2.10",
                        "", ""),
                row("CNAME asked for itself is not followed", "www.example.com.", Type.CNAME, Rcode.NOERROR, true,
                        "www.example.com. CNAME example.com.", "", ""),
                row("NSEC asked at a CNAME owner is NODATA there, not followed (RFC 4035 §2.5, RFC 2181 §10.1)",
                        "www.example.com.", Type.NSEC, Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("RRSIG asked at a CNAME owner is NODATA there, not followed (as Knot and BIND)",
                        "www.example.com.", Type.RRSIG, Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("CNAME to a name in none of our zones stops there", "ext.example.com.", Type.A, Rcode.NOERROR,
                        true, "ext.example.com. CNAME www.example.net.", "", ""),
                row("CNAME into our child zone is followed", "tochild.example.com.", Type.A, Rcode.NOERROR, true,
                        "tochild.example.com. CNAME host.sub.example.com.|host.sub.example.com. A 192.0.2.71", "", ""),
                row("CNAME to a missing name: NXDOMAIN (RFC 6604 §2.1)", "dangling.example.com.", Type.A,
                        Rcode.NXDOMAIN, true, "dangling.example.com. CNAME nothere.example.com.",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("CNAME loop ends", "loop1.example.com.", Type.A, Rcode.NOERROR, true,
                        "loop1.example.com. CNAME loop2.example.com.|loop2.example.com. CNAME loop1.example.com.", "", ""),
                row("referral: NS in authority, glue in additional, AA=0 (RFC 1034 §4.3.2 3b)", "host.deleg.example.com.",
                        Type.A, Rcode.NOERROR, false, "",
                        "deleg.example.com. NS ns.deleg.example.com.|deleg.example.com. NS ns.elsewhere.example.",
                        "ns.deleg.example.com. A 192.0.2.53"),
                row("referral at the cut itself", "deleg.example.com.", Type.NS, Rcode.NOERROR, false, "",
                        "deleg.example.com. NS ns.deleg.example.com.|deleg.example.com. NS ns.elsewhere.example.",
                        "ns.deleg.example.com. A 192.0.2.53"),
                row("glue is not answered authoritatively", "ns.deleg.example.com.", Type.A, Rcode.NOERROR, false, "",
                        "deleg.example.com. NS ns.deleg.example.com.|deleg.example.com. NS ns.elsewhere.example.",
                        "ns.deleg.example.com. A 192.0.2.53"),
                row("DS at a cut is the parent's: NODATA, not a referral (RFC 4035 §3.1.4.1)", "deleg.example.com.",
                        Type.DS, Rcode.NOERROR, true, "",
                        "example.com. SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 900 1209600 300 /300", ""),
                row("the most specific zone answers (child over parent)", "host.sub.example.com.", Type.A,
                        Rcode.NOERROR, true, "host.sub.example.com. A 192.0.2.71", "", ""),
                row("child apex NS comes from the child", "sub.example.com.", Type.NS, Rcode.NOERROR, true,
                        "sub.example.com. NS ns1.sub.example.com.", "", "ns1.sub.example.com. A 192.0.2.70"),
                row("child NXDOMAIN has the child's SOA, TTL = SOA TTL when lower than minimum", "no.sub.example.com.",
                        Type.A, Rcode.NXDOMAIN, true, "",
                        "sub.example.com. SOA ns1.sub.example.com. hostmaster.example.com. 7 3600 900 1209600 600 /60", ""),
                row("a name in none of our zones is REFUSED", "example.org.", Type.A, Rcode.REFUSED, false, "", "", ""),
                row("additional: MX targets in the zone (RFC 1035 §3.3.9)", "example.com.", Type.MX, Rcode.NOERROR,
                        true, "example.com. MX 10 mail.example.com.|example.com. MX 20 mx.example.net.", "",
                        "mail.example.com. A 192.0.2.25|mail.example.com. AAAA 2001:db8:0:0:0:0:0:25"),
                row("additional: NS targets", "example.com.", Type.NS, Rcode.NOERROR, true,
                        "example.com. NS ns1.example.com.|example.com. NS ns2.example.com.", "",
                        "ns1.example.com. A 192.0.2.1|ns2.example.com. AAAA 2001:db8:0:0:0:0:0:2"),
                row("additional: SRV targets (RFC 2782)", "_sip._tcp.example.com.", Type.SRV, Rcode.NOERROR, true,
                        "_sip._tcp.example.com. SRV 0 5 5060 sip.example.com.", "", "sip.example.com. A 192.0.2.60"),
                row("TXT multi-string, empty string, quotes, backslash, UTF-8", "big.example.com.", Type.TXT,
                        Rcode.NOERROR, true,
                        "big.example.com. TXT a \"\" \"with \\\"quotes\\\"\" back\\\\slash \"caf\\195\\169 \\226\\152\\131\"",
                        "", ""),
                row("CAA", "example.com.", Type.CAA, Rcode.NOERROR, true,
                        "example.com. CAA 0 issue \"letsencrypt.org\"", "", ""));
    }

    private static Arguments row(String rule, String name, int type, int rcode, boolean aa, String answer,
                                 String authority, String additional) {
        return Arguments.of(rule, name, type, rcode, aa, answer, authority, additional);
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("cases")
    void answersPerRfc1034(String rule, String name, int type, int rcode, boolean aa, String answer,
                           String authority, String additional) {
        AnswerTable.check(server.address, rule, name, type, rcode, aa, answer, authority, additional, false);
    }
}
