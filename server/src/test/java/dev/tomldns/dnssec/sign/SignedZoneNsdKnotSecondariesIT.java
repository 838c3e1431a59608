package dev.tomldns.dnssec.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.cli.Main;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.dnssec.Unbound;
import dev.tomldns.dnssec.ValidatedAnswer;
import dev.tomldns.interop.KnotPeer;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.server.Server;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.testing.Tools;
import dev.tomldns.zone.Zone;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * tomldns as the signing primary of a TOML zone (online signing, NSEC or NSEC3), NSD and Knot as its secondaries
 * (NOTIFY, AXFR, then IXFR), and a real validating Unbound whose trust anchor is the DS {@code tomldns dnssec ds}
 * prints, asking through each secondary and tomldns itself (RFC 4035 §4): every case secure (AD) — positive,
 * CNAME, DNAME, wildcard, NXDOMAIN, NODATA, empty non-terminal, DS at a secure cut and its proven absence at an
 * insecure one — and the secondaries' answers the same as tomldns's. Then an edit and {@code tomldns reload}, and
 * an RFC 2136 update (nsupdate): the changed RRset carries a new signature within 1 s, both secondaries transfer
 * the new serial incrementally (RFC 1995), and the changed RRset and every case validate secure through each.
 */
class SignedZoneNsdKnotSecondariesIT {
    private static final String SECRET = "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ=";
    private static final Name ZONE = Name.fromConstantString(SignedZones.ORIGIN);

    /** Query name, type, the rcode a validating resolver must give, secure (AD) in every case. */
    private static final String[][] CASES = {
        {"signed.test.", "SOA", "NOERROR"},
        {"signed.test.", "DNSKEY", "NOERROR"},
        {"signed.test.", "CAA", "NOERROR"},
        {"signed.test.", "TXT", "NOERROR"},
        {"_dmarc.signed.test.", "TXT", "NOERROR"},
        {"www.signed.test.", "A", "NOERROR"},                 // CNAME to the apex
        {"mail.old.signed.test.", "A", "NOERROR"},            // DNAME old -> apex (RFC 6672)
        {"a.old.signed.test.", "A", "NXDOMAIN"},              // DNAME to a name that does not exist
        {"anything.wild.signed.test.", "TXT", "NOERROR"},     // wildcard answer (RFC 4035 §5.3.4)
        {"anything.wild.signed.test.", "A", "NOERROR"},       // wildcard NODATA
        {"nope.signed.test.", "A", "NXDOMAIN"},
        {"signed.test.", "AAAA", "NOERROR"},                  // NODATA
        {"ent.signed.test.", "A", "NOERROR"},                 // empty non-terminal
        {"host.deep.ent.signed.test.", "AAAA", "NOERROR"},
        {"secure.signed.test.", "DS", "NOERROR"},             // delegation with DS
        {"insecure.signed.test.", "DS", "NOERROR"},           // no DS, proven by NSEC/NSEC3 (RFC 4035 §5.2)
    };

    @TempDir
    Path dir;

    @ParameterizedTest(name = "dnssec = {0}")
    @ValueSource(strings = {"true", "{ denial = \"nsec3\" }"})
    void secondariesServeTheSignedZoneAndEveryAnswerValidatesThroughThem(String dnssec) throws Exception {
        Path file = SignedZones.write(dir);
        int nsdPort = PeerServer.freePort();
        int knotPort = PeerServer.freePort();
        ServerConfig settings = ServerConfigReader.read(config(dnssec, nsdPort, knotPort));
        try (Server tomldns = Server.builder(settings).state(StateDirectory.open(settings.stateDir()))
                .controlSocket(true).watch(false).start();
             NsdPeer nsd = new NsdPeer(dir.resolve("nsd"), List.of(PeerZone.secondary(ZONE, tomldns.port(), null)),
                     nsdPort);
             KnotPeer knot = new KnotPeer(dir.resolve("knot"),
                     List.of(PeerZone.secondary(ZONE, tomldns.port(), null)), knotPort)) {
            nsd.start();
            knot.start();
            List<String> anchors = UnboundValidatesSignedZoneTest.trustAnchors(dir.resolve("state"));
            long first = zone(tomldns).serial();
            awaitSerial(nsd, knot, first);
            allSecure("first transfer", tomldns, nsd, knot, anchors);
            assertEquals(2, tomldns.xfr().responder().fullTransfers(), "each secondary took one AXFR");

            // An edit of the file and `tomldns reload`: the CAA RRset is signed anew before it is served.
            String caaSig = signature(zone(tomldns), SignedZones.ORIGIN, Type.CAA);
            Files.writeString(file, Files.readString(file).replace("letsencrypt.org", "sectigo.com"));
            String reload = run("reload", "--state-dir", dir.resolve("state").toString());
            Zone reloaded = zone(tomldns);
            assertNotEquals(first, reloaded.serial(), "tomldns reload raised no serial: " + reload);
            String newCaaSig = signature(reloaded, SignedZones.ORIGIN, Type.CAA);
            assertTrue(!newCaaSig.isEmpty() && !newCaaSig.equals(caaSig), "the edited CAA is not signed anew");
            awaitSerial(nsd, knot, reloaded.serial());
            allSecure("after the edit and reload", tomldns, nsd, knot, anchors,
                    new String[] {"signed.test.", "CAA", "NOERROR", "0 issue \"sectigo.com\""});

            // An RFC 2136 update replaces the apex TXT and adds a name: signed within 1 s of the answer.
            String txtSig = signature(reloaded, SignedZones.ORIGIN, Type.TXT);
            Tools.Result update = nsupdate(tomldns.port(), "update delete signed.test. TXT",
                    "update add signed.test. 300 TXT \"v=spf1 -all\"",
                    "update add fresh.signed.test. 300 A 192.0.2.99");
            assertEquals(0, update.exit(), update.out());
            Zone updated = awaitNewVersion(tomldns, reloaded, Duration.ofSeconds(1));
            String newTxtSig = signature(updated, SignedZones.ORIGIN, Type.TXT);
            assertTrue(!newTxtSig.isEmpty() && !newTxtSig.equals(txtSig), "the updated TXT is not signed anew");
            assertTrue(!signature(updated, "fresh.signed.test.", Type.A).isEmpty(), "the added A is not signed");
            awaitSerial(nsd, knot, updated.serial());
            allSecure("after the update", tomldns, nsd, knot, anchors,
                    new String[] {"signed.test.", "TXT", "NOERROR", "\"v=spf1 -all\""},
                    new String[] {"fresh.signed.test.", "A", "NOERROR", "192.0.2.99"},
                    // The denial chain took the new name in: its NODATA, and the names around it, are proven.
                    new String[] {"fresh.signed.test.", "TXT", "NOERROR", null},
                    new String[] {"fresh2.signed.test.", "A", "NXDOMAIN", null},
                    new String[] {"freshz.signed.test.", "A", "NXDOMAIN", null});
            assertEquals(2, tomldns.xfr().responder().fullTransfers(), "a change went out as AXFR, not IXFR");
            assertEquals(4, tomldns.xfr().responder().incrementalTransfers(), "one IXFR per change and secondary");
        }
    }

    /**
     * Every case, and each of {@code changed} (name, type, rcode, RDATA the answer must now hold or null), through a
     * fresh validator per server (none has an old answer cached): secure, that rcode, the same answer as tomldns's.
     */
    private void allSecure(String phase, Server tomldns, NsdPeer nsd, KnotPeer knot, List<String> anchors,
                           String[]... changed) throws Exception {
        Map<String, Integer> servers = new LinkedHashMap<>();
        servers.put("tomldns", tomldns.port());
        servers.put("NSD", nsd.port());
        servers.put("Knot", knot.port());
        Map<String, String[]> cases = new LinkedHashMap<>();
        for (String[] c : CASES) {
            cases.put(c[0] + " " + c[1], new String[] {c[0], c[1], c[2], null});
        }
        for (String[] c : changed) {
            cases.put(c[0] + " " + c[1], c);
        }
        Map<String, List<String>> reference = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        StringBuilder logs = new StringBuilder();
        for (Map.Entry<String, Integer> server : servers.entrySet()) {
            String tag = phase.replace(' ', '-') + "-" + server.getKey();
            try (Unbound unbound = new Unbound(dir.resolve("unbound-" + tag), anchors,
                    Map.of(SignedZones.ORIGIN, server.getValue()))) {
                unbound.start();
                for (String[] c : cases.values()) {
                    String key = c[0] + " " + c[1];
                    ValidatedAnswer a = ValidatedAnswer.ask(unbound.port(), c[0], c[1]);
                    if (!a.verdict().equals(c[2] + " AD")) {
                        failures.add(server.getKey() + ": " + key + ": want " + c[2] + " AD, got " + a.verdict());
                    } else if (reference.putIfAbsent(key, a.answer()) != null && !reference.get(key).equals(a.answer())) {
                        failures.add(server.getKey() + ": " + key + ": " + a.answer() + ", tomldns " + reference.get(key));
                    }
                    String want = c[3];
                    if (want != null && a.answer().stream().noneMatch(l -> l.endsWith(" " + want))) {
                        failures.add(server.getKey() + ": " + key + ": no \"" + want + "\" in " + a.answer());
                    }
                }
                if (!failures.isEmpty()) {
                    logs.append("\nunbound via ").append(server.getKey()).append(":\n").append(unbound.log());
                }
            }
        }
        assertEquals(List.of(), failures, phase + logs + "\nNSD:\n" + nsd.log() + "\nKnot:\n" + knot.log());
    }

    private static void awaitSerial(NsdPeer nsd, KnotPeer knot, long serial) throws InterruptedException {
        assertTrue(nsd.awaitSerial(ZONE, serial, Duration.ofSeconds(10)), "NSD never served serial " + serial
                + "\n" + nsd.log());
        assertTrue(knot.awaitSerial(ZONE, serial, Duration.ofSeconds(10)), "Knot never served serial " + serial
                + "\n" + knot.log());
    }

    private static Zone zone(Server s) {
        return s.registry().current().zone(ZONE);
    }

    /** The version served after {@code before}; fails when none is swapped in within {@code within}. */
    private static Zone awaitNewVersion(Server s, Zone before, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            Zone now = zone(s);
            if (now != before) {
                return now;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no new signed version within " + within);
    }

    /** The RRSIG(s) over {@code name}/{@code type} as text, empty when none. */
    private static String signature(Zone z, String name, int type) {
        StringBuilder out = new StringBuilder();
        z.records().stream().filter(r -> r instanceof RRSIGRecord sig && sig.getTypeCovered() == type
                && r.getName().toString().equals(name)).forEach(r -> out.append(r.rdataToString()));
        return out.toString();
    }

    /** {@code tomldns ARGS...} through the real command line, in-process; fails unless it exits 0. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args);
        assertEquals(0, exit, String.join(" ", args) + ":\n" + out);
        return out.toString();
    }

    private static Tools.Result nsupdate(int port, String... lines) throws Exception {
        Path script = Files.createTempFile("nsupdate", ".txt");
        try {
            Files.writeString(script, "server 127.0.0.1 " + port + "\nzone signed.test.\n" + String.join("\n", lines)
                    + "\nsend\n");
            return Tools.run("nsupdate", "-y", "hmac-sha256:update-key:" + SECRET, script.toString());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The configuration: the zone signed with {@code dnssec}, transfers to loopback, NOTIFY to both secondaries. */
    private Path config(String dnssec, int nsdPort, int knotPort) throws Exception {
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, """
                zones = "zones"
                state-dir = "state"
                data-dir = "data"

                [[key]]
                name = "update-key"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "%s"
                allow-transfer = ["127.0.0.1"]
                also-notify = ["127.0.0.1:%d", "127.0.0.1:%d"]
                allow-update = [ { key = "update-key", subtree = ["@"], types = ["A", "TXT"] } ]
                dnssec = %s
                """.formatted(SECRET, SignedZones.ORIGIN, nsdPort, knotPort, dnssec));
        return config;
    }
}
