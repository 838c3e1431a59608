package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.cli.Main;
import dev.tomldns.dnssec.Unbound;
import dev.tomldns.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * RFC 4035 §4 end to end: a real validating Unbound, whose trust anchor is the DS that {@code tomldns dnssec ds}
 * prints, asks tomldns for the signed TOML zone and gets every answer secure (AD=1): positive answers of several
 * types, CNAME, DNAME, wildcard, NXDOMAIN, NODATA, an empty non-terminal, DS at a secure delegation and the proven
 * absence of DS at an insecure one; for NSEC, NSEC3 and split keys; and again after a dynamic update.
 */
class UnboundValidatesSignedZoneTest {
    @TempDir
    Path dir;

    /** Query name, type, the rcode Unbound must give. */
    private static final String[][] CASES = {
        {"signed.test.", "SOA", "NOERROR"},
        {"signed.test.", "CAA", "NOERROR"},
        {"signed.test.", "MX", "NOERROR"},
        {"signed.test.", "TXT", "NOERROR"},
        {"signed.test.", "DNSKEY", "NOERROR"},
        {"_dmarc.signed.test.", "TXT", "NOERROR"},
        {"www.signed.test.", "A", "NOERROR"},
        {"anything.wild.signed.test.", "TXT", "NOERROR"},
        {"host.deep.ent.signed.test.", "AAAA", "NOERROR"},
        {"mail.old.signed.test.", "A", "NOERROR"},
        {"a.old.signed.test.", "A", "NXDOMAIN"},
        {"nope.signed.test.", "A", "NXDOMAIN"},
        {"signed.test.", "AAAA", "NOERROR"},
        {"ent.signed.test.", "A", "NOERROR"},
        {"anything.wild.signed.test.", "A", "NOERROR"},
        {"secure.signed.test.", "DS", "NOERROR"},
        {"insecure.signed.test.", "DS", "NOERROR"},
    };

    @ParameterizedTest
    @ValueSource(strings = {"true", "{ denial = \"nsec3\" }", "{ keys = \"ksk+zsk\" }"})
    void everyAnswerIsSecure(String dnssec) throws Exception {
        SignedZones.write(dir);
        Path config = SigningServer.config(dir, SignedZones.ORIGIN, dnssec);
        try (SigningServer s = new SigningServer(config, new SigningServer.MovableClock(Instant.now()))) {
            List<String> anchors = trustAnchors(dir.resolve("state"));
            try (Unbound unbound = new Unbound(dir.resolve("unbound"), anchors, Map.of(SignedZones.ORIGIN, s.port))) {
                unbound.start();
                List<String> failures = new ArrayList<>();
                for (String[] c : CASES) {
                    check(unbound, c[0], c[1], c[2], failures);
                }
                assertEquals(List.of(), failures, unbound.log());
                // After a dynamic update: the new name, and the NSEC/NSEC3 proofs around it, validate too.
                Tools.Result update = SigningFollowsEditsTest.nsupdate(s.port,
                        "update add fresh.signed.test. 300 TXT \"added by update\"");
                assertEquals(0, update.exit(), update.out());
                check(unbound, "fresh.signed.test.", "TXT", "NOERROR", failures);
                check(unbound, "fresh.signed.test.", "A", "NOERROR", failures);
                check(unbound, "fresh2.signed.test.", "A", "NXDOMAIN", failures);
                assertEquals(List.of(), failures, unbound.log());
            }
        }
    }

    private static void check(Unbound unbound, String name, String type, String rcode, List<String> failures)
            throws Exception {
        Tools.Result r = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(unbound.port()), name, type,
                "+dnssec", "+tries=1", "+time=5");
        String flags = r.out().lines().filter(l -> l.startsWith(";; flags:")).findFirst().orElse("");
        if (!r.out().contains("status: " + rcode) || !flags.contains(" ad")) {
            failures.add(name + " " + type + ": want " + rcode + " with AD, got "
                    + r.out().lines().filter(l -> l.contains("status:") || l.startsWith(";; flags:")).toList());
        }
    }

    /** The DS lines {@code tomldns dnssec ds} prints for the zone, as Unbound trust anchors. */
    static List<String> trustAnchors(Path state) {
        List<String> anchors = new ArrayList<>();
        for (String line : ds(state).split("\n")) {
            if (line.contains("\tDS\t")) {
                anchors.add(line.replace('\t', ' '));
            }
        }
        assertTrue(!anchors.isEmpty(), "tomldns dnssec ds printed no DS");
        return anchors;
    }

    /** {@code tomldns dnssec ds signed.test. --state-dir STATE}, in-process through the real command line. */
    private static String ds(Path state) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("dnssec", "ds", SignedZones.ORIGIN, "--state-dir", state.toString());
        assertEquals(0, exit, out.toString());
        return out.toString();
    }
}
