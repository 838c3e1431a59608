package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** zone-format.md: every error names the file, the line and what is wrong, and a zone with an error is not served. */
class ZoneFileValidationTest {
    private static final Path FILE = Path.of("zones/example.test.toml");
    private static final String SOA = "[soa]\nmname = \"ns1\"\nrname = \"hostmaster\"\nserial = 1\n";

    private static ZoneFile read(String text) {
        return new ZoneFileReader().parse(FILE, text);
    }

    /** Records first, then the SOA table: line numbers in the cases count from the first record line (1). */
    private static String zone(String records) {
        return records + "\n" + SOA;
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("TOML syntax error", "[[records]]\nname = \"@\"\ntype = \"A\ndata = \"192.0.2.1\"\n",
                        3, "TOML syntax error"),
                Arguments.of("unknown key in a record", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\ncolour = \"red\"\n",
                        5, "unknown key 'colour'"),
                Arguments.of("unknown top-level key", "origni = \"example.test.\"\n", 1, "unknown key 'origni'"),
                Arguments.of("bad IPv4 address", "[[records]]\nname = \"www\"\ntype = \"A\"\ndata = \"192.0.2.300\"\n",
                        4, "bad data '192.0.2.300'"),
                Arguments.of("TXT array element over 255 octets",
                        "[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = [\"ok\", \"" + "x".repeat(256) + "\"]\n",
                        4, "string 2 is 256 octets"),
                Arguments.of("CNAME beside other data",
                        "[[records]]\nname = \"www\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n[[records]]\nname = \"www\"\ntype = \"CNAME\"\ndata = \"@\"\n",
                        5, "CNAME at www.example.test. beside other data (A)"),
                Arguments.of("out-of-zone name", "[[records]]\nname = \"www.example.org.\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n",
                        2, "out-of-zone name 'www.example.org.'"),
                Arguments.of("data mixed with a structured form",
                        "[[records]]\nname = \"@\"\ntype = \"CAA\"\ndata = \"0 issue \\\"x\\\"\"\ntag = \"issue\"\nvalue = \"x\"\n",
                        4, "'data' cannot be mixed"),
                Arguments.of("unknown type", "records = [\n  { name = \"@\", type = \"AX\", data = \"1\" },\n]\n",
                        2, "unknown record type 'AX'"),
                Arguments.of("inline record error names its own line",
                        "records = [\n  { name = \"@\", type = \"A\", data = \"192.0.2.1\" },\n  { name = \"x\", type = \"AAAA\", data = \"nope\" },\n]\n",
                        3, "bad data 'nope'"),
                Arguments.of("CAA flags out of range",
                        "[[records]]\nname = \"@\"\ntype = \"CAA\"\nflags = 300\ntag = \"issue\"\nvalue = \"ca.example\"\n",
                        4, "CAA flags must be"),
                Arguments.of("SOA as a record", "[[records]]\nname = \"@\"\ntype = \"SOA\"\ndata = \"a b 1 2 3 4 5\"\n",
                        3, "SOA is written in the [soa] table"),
                Arguments.of("negative TTL", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\nttl = -5\n",
                        5, "ttl must be a whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void errorNamesFileLineAndProblem(String what, String records, int line, String message) {
        ZoneFile zf = read(zone(records));
        assertNull(zf.zone(), what + ": a zone with an error is not served");
        Diagnostic first = zf.errors().get(0);
        assertEquals(FILE, first.file());
        assertEquals(line, first.line(), what + ": line of " + first);
        assertTrue(first.message().contains(message), what + ": message was: " + first.message());
        assertTrue(first.toString().startsWith("zones/example.test.toml:" + line + ":"), first.toString());
    }

    @Test
    void missingSoaFieldIsAnError() {
        ZoneFile zf = read("[soa]\nmname = \"ns1\"\n");
        assertNull(zf.zone());
        assertTrue(zf.errors().get(0).toString().matches("zones/example.test.toml:1: missing soa.rname.*"),
                zf.errors().toString());
    }

    @Test
    void missingSoaTableIsAnError() {
        ZoneFile zf = read("ttl = 60\n");
        assertNull(zf.zone());
        assertTrue(zf.errors().get(0).message().contains("missing [soa]"));
    }

    @Test
    void originDefaultsToFileNameAndNamesAreRelative() {
        ZoneFile zf = read(zone("[[records]]\nname = \"www\"\ntype = \"CNAME\"\ndata = \"host\"\n"));
        assertNotNull(zf.zone(), zf.diagnostics().toString());
        assertEquals("example.test.", zf.zone().origin().toString());
        assertEquals(Name.fromConstantString("host.example.test."),
                ((org.xbill.DNS.CNAMERecord) zf.zone().rrset(Name.fromConstantString("www.example.test."), Type.CNAME)
                        .first()).getTarget());
        assertEquals(Name.fromConstantString("ns1.example.test."), zf.zone().soa().getHost());
    }

    @Test
    void rnameAsMailAddress() {
        ZoneFile zf = read("[soa]\nmname = \"ns1\"\nrname = \"john.doe@example.test\"\n");
        assertNotNull(zf.zone(), zf.diagnostics().toString());
        assertEquals("john\\.doe.example.test.", zf.zone().soa().getAdmin().toString());
        assertTrue(zf.managedSerial(), "no serial: managed");
    }

    @Test
    void differingTtlsInAnRrsetBecomeTheLowestWithAWarning() {
        ZoneFile zf = read(zone("[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\nttl = 600\n"
                + "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.2\"\nttl = 60\n"));
        assertNotNull(zf.zone());
        assertTrue(zf.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING
                && d.line() == 1 && d.message().contains("TTLs differ")), zf.diagnostics().toString());
        zf.zone().rrset(Name.fromConstantString("example.test."), Type.A).rrs(false)
                .forEach(r -> assertEquals(60, r.getTTL()));
    }

    @Test
    void dataBelowADelegationIsWarnedAbout() {
        ZoneFile zf = read(zone("[[records]]\nname = \"sub\"\ntype = \"NS\"\ndata = \"ns.sub\"\n"
                + "[[records]]\nname = \"www.sub\"\ntype = \"MX\"\ndata = \"10 mail\"\n"));
        assertNotNull(zf.zone());
        assertTrue(zf.diagnostics().stream().anyMatch(d -> d.line() == 5 && d.message().contains("below the delegation")),
                zf.diagnostics().toString());
    }

    @Test
    void allErrorsOfAFileAreReportedNotJustTheFirst() {
        ZoneFile zf = read(zone("[[records]]\nname = \"a\"\ntype = \"A\"\ndata = \"x\"\n"
                + "[[records]]\nname = \"b\"\ntype = \"A\"\ndata = \"y\"\n"));
        assertEquals(2, zf.errors().size(), zf.errors().toString());
        assertEquals(4, zf.errors().get(0).line());
        assertEquals(8, zf.errors().get(1).line());
    }

    /** RFC 4035 §2.5, RFC 2181 §10.1: a signed zone has RRSIG and NSEC beside every CNAME; only other data breaks it. */
    @Test
    void cnameBesideItsSignatureAndNsecIsAllowed() {
        String signedCname = "[[records]]\nname = \"www\"\ntype = \"CNAME\"\ndata = \"@\"\n"
                + "[[records]]\nname = \"www\"\ntype = \"RRSIG\"\n"
                + "data = \"CNAME 13 3 3600 20270101000000 20261201000000 12345 example.test. AAAA\"\n"
                + "[[records]]\nname = \"www\"\ntype = \"NSEC\"\ndata = \"example.test. CNAME RRSIG NSEC\"\n";
        ZoneFile ok = read(zone(signedCname));
        assertNotNull(ok.zone(), ok.diagnostics().toString());
        ZoneFile bad = read(zone(signedCname + "[[records]]\nname = \"www\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n"));
        assertNull(bad.zone());
        assertTrue(bad.errors().get(0).message().contains("CNAME at www.example.test. beside other data (A)"),
                bad.errors().toString());
    }

    /** RFC 4034 §3: an RRSIG has the TTL of the RRset it covers, so RRSIGs at one name differ and keep their TTLs. */
    @Test
    void signaturesKeepTheTtlsOfWhatTheyCover() {
        ZoneFile zf = read(zone("[[records]]\nname = \"@\"\ntype = \"RRSIG\"\nttl = 300\n"
                + "data = \"A 13 2 300 20270101000000 20261201000000 12345 example.test. AAAA\"\n"
                + "[[records]]\nname = \"@\"\ntype = \"RRSIG\"\nttl = 3600\n"
                + "data = \"NS 13 2 3600 20270101000000 20261201000000 12345 example.test. AAAA\"\n"));
        assertNotNull(zf.zone(), zf.diagnostics().toString());
        assertTrue(zf.diagnostics().stream().noneMatch(d -> d.message().contains("TTLs differ")),
                zf.diagnostics().toString());
        java.util.Set<Long> ttls = new java.util.HashSet<>();
        zf.zone().records().stream().filter(r -> r.getType() == Type.RRSIG).forEach(r -> ttls.add(r.getTTL()));
        assertEquals(java.util.Set.of(300L, 3600L), ttls);
    }
}
