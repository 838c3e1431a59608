package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/**
 * RFC 2136 against the real server (the shaded jar, run with {@code --strict}) with real clients: BIND's
 * {@code nsupdate} and Knot's {@code knsupdate}, each over UDP and TCP, signed with TSIG. Every prerequisite kind
 * with the rcode its failure gives (§2.4, §3.2), every kind of update (§2.5, §3.4) with the apex SOA/NS rules
 * (§3.4.2), all-or-nothing (§3.7), one serial step per update (§3.6), and the refusals, each leaving the zone as it
 * was (compared by AXFR).
 */
class Rfc2136DynamicUpdateIT {
    static final String ZONE = "update.test.";
    static final String MANAGED = "managed.test.";
    static final String SECRET_ACME = "YWNtZS1rZXktZm9yLXR4dC1vbmx5LWFjbWUta2V5IQ==";
    static final String SECRET_HOME = "aG9tZS1rZXktZm9yLWEtYWFhYS1ob21lLWtleS1ob21lLWtleSE=";
    static final String SECRET_ADMIN = "YWRtaW4ta2V5LWFkbWluLWtleS1hZG1pbi1rZXkh";
    static final String SECRET_MD5 = "bWQ1LWtleS1tZDUta2V5LW1kNS1rZXkh";
    static final String SECRET_NOGRANT = "bm9ncmFudC1ub2dyYW50LW5vZ3JhbnQta2V5IQ==";
    static final String ACME = "hmac-sha256:acme:" + SECRET_ACME;
    static final String HOME = "hmac-sha512:home:" + SECRET_HOME;
    static final String ADMIN = "hmac-sha256:admin:" + SECRET_ADMIN;
    static final String MD5 = "hmac-md5:md5:" + SECRET_MD5;

    @TempDir static Path dir;
    static ServeProcess server;
    static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("update.test.toml"), """
                # hand-written: this comment and layout must survive every update
                [soa]
                mname = "ns1.update.test."
                rname = "hostmaster.update.test."
                serial = 100

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"

                [[records]]
                name = "ns1"
                type = "A"
                data = "127.0.0.1"

                [[records]]
                name = "www"
                type = "A"
                data = "192.0.2.1"

                [[records]]
                name = "www"
                type = "A"
                data = "192.0.2.2"

                [[records]]
                name = "alias"
                type = "CNAME"
                data = "www"

                [[records]]
                name = "@"
                type = "CAA"
                tag = "issue"
                value = "letsencrypt.org"
                """);
        Files.writeString(zones.resolve("managed.test.toml"), """
                [soa]
                mname = "ns1.managed.test."
                rname = "hostmaster.managed.test."

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"
                """);
        Files.writeString(dir.resolve("tomldns.toml"), """
                [[key]]
                name = "acme"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[key]]
                name = "home"
                algorithm = "hmac-sha512"
                secret = "%s"

                [[key]]
                name = "admin"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[key]]
                name = "md5"
                algorithm = "hmac-md5"
                secret = "%s"

                [[key]]
                name = "nogrant"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "update.test."
                allow-transfer = ["127.0.0.1"]
                allow-update = [
                  { key = "acme", names = ["_acme-challenge", "_acme-challenge.*"], types = ["TXT"] },
                  { key = "home", names = ["home"], types = ["A", "AAAA"] },
                  { key = "md5", names = ["md5"], types = ["TXT"] },
                  { key = "admin", subtree = ["@"], types = ["ANY"] },
                ]

                [[zone]]
                name = "managed.test."
                allow-update = [{ key = "admin", subtree = ["@"], types = ["ANY"] }]
                """.formatted(SECRET_ACME, SECRET_HOME, SECRET_ADMIN, SECRET_MD5, SECRET_NOGRANT));
        httpPort = ServeProcess.freePort();
        server = new ServeProcess(dir, "--strict", "--http", "127.0.0.1:" + httpPort).start(ZONE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    enum Client { NSUPDATE, KNSUPDATE }

    /** Runs {@code client} on a script of update commands (server and zone lines are added), over TCP or UDP. */
    static Tools.Result send(Client client, boolean tcp, String key, String zone, String... commands) throws Exception {
        StringBuilder script = new StringBuilder("server 127.0.0.1 " + server.port + "\nzone " + zone + "\n");
        for (String c : commands) {
            script.append(c).append('\n');
        }
        script.append("send\n");
        Path file = Files.createTempFile(dir, "nsupdate", ".txt");
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of(client == Client.NSUPDATE ? "nsupdate" : "knsupdate"));
        if (tcp) {
            cmd.add("-v");
        }
        if (client == Client.KNSUPDATE) {
            cmd.addAll(List.of("-t", "3", "-r", "0"));
        } else {
            cmd.addAll(List.of("-t", "3"));
        }
        if (key != null) {
            cmd.addAll(List.of("-y", key));
        }
        cmd.add(file.toString());
        return Tools.run(cmd);
    }

    static void assertOk(Tools.Result r) {
        assertEquals(0, r.exit(), r.out());
        assertTrue(!r.out().toLowerCase().contains("fail") && !r.out().toLowerCase().contains("error"), r.out());
    }

    static void assertRcode(String rcode, Tools.Result r) {
        assertNotEquals(0, r.exit(), r.out());
        // knsupdate reports a NOTAUTH whose TSIG carries BADKEY/BADSIG (RFC 8945 §5.3.2: no MAC) by that alone;
        // the rcode and TSIG error themselves are checked with dnsjava in unknownKeyAndBadMac.
        boolean tsigError = rcode.equals("NOTAUTH") && r.out().contains("failed to verify TSIG");
        assertTrue(r.out().contains(rcode) || tsigError, "expected " + rcode + ": " + r.out());
    }

    /** The whole zone by AXFR, as sorted record texts: what "unchanged" is checked against. */
    static TreeSet<String> axfr(String zone) throws Exception {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(zone), "127.0.0.1", server.port, null);
        xfr.run();
        TreeSet<String> out = new TreeSet<>();
        for (Record r : xfr.getAXFR()) {
            out.add(r.toString());
        }
        return out;
    }

    @Test
    void addAndDeleteWithEachClientOverUdpAndTcpRaisesTheSerialOncePerUpdate() throws Exception {
        for (Client client : Client.values()) {
            for (boolean tcp : new boolean[] {false, true}) {
                String name = "_acme-challenge." + client.name().toLowerCase() + (tcp ? "-tcp" : "-udp") + "." + ZONE;
                long before = server.serial(ZONE);
                // Two records in one message: one serial step (RFC 2136 §3.6).
                assertOk(send(client, tcp, ACME, ZONE, "update add " + name + " 120 TXT \"token-1\"",
                        "update add " + name + " 120 TXT \"token-2\""));
                assertEquals(List.of("token-1", "token-2"), server.data(name, Type.TXT), client + " " + tcp);
                assertEquals(before + 1, server.serial(ZONE));
                // Delete one RR (§2.5.4), as certbot does with its own value.
                assertOk(send(client, tcp, ACME, ZONE, "update delete " + name + " TXT \"token-1\""));
                assertEquals(List.of("token-2"), server.data(name, Type.TXT));
                // Delete the RRset (§2.5.2).
                assertOk(send(client, tcp, ACME, ZONE, "update delete " + name + " TXT"));
                assertEquals(List.of(), server.data(name, Type.TXT));
                assertEquals(before + 3, server.serial(ZONE));
            }
        }
    }

    record Prereq(String description, String prereq, String failingRcode) { }

    @Test
    void everyPrerequisiteKindHoldsOrFailsWithItsRcode() throws Exception {
        // Held / failing pairs: RFC 2136 §2.4.1-§2.4.5, rcodes of §3.2.5.
        List<Prereq[]> cases = List.of(
                new Prereq[] {new Prereq("name in use", "prereq yxdomain www." + ZONE, null),
                        new Prereq("name in use", "prereq yxdomain nothing." + ZONE, "NXDOMAIN")},
                new Prereq[] {new Prereq("name not in use", "prereq nxdomain nothing." + ZONE, null),
                        new Prereq("name not in use", "prereq nxdomain www." + ZONE, "YXDOMAIN")},
                new Prereq[] {new Prereq("RRset exists", "prereq yxrrset www." + ZONE + " A", null),
                        new Prereq("RRset exists", "prereq yxrrset www." + ZONE + " AAAA", "NXRRSET")},
                new Prereq[] {new Prereq("RRset exists, value", "prereq yxrrset www." + ZONE + " A 192.0.2.1\n"
                        + "prereq yxrrset www." + ZONE + " A 192.0.2.2", null),
                        new Prereq("RRset exists, value", "prereq yxrrset www." + ZONE + " A 192.0.2.1", "NXRRSET")},
                new Prereq[] {new Prereq("RRset does not exist", "prereq nxrrset www." + ZONE + " AAAA", null),
                        new Prereq("RRset does not exist", "prereq nxrrset www." + ZONE + " A", "YXRRSET")});
        for (Client client : Client.values()) {
            for (boolean tcp : new boolean[] {false, true}) {
                for (Prereq[] c : cases) {
                    String name = "_acme-challenge.pre." + ZONE;
                    assertOk(send(client, tcp, ADMIN, ZONE, c[0].prereq(), "update add " + name + " 60 TXT \"ok\""));
                    assertEquals(List.of("ok"), server.data(name, Type.TXT), c[0].description());
                    assertOk(send(client, tcp, ADMIN, ZONE, "update delete " + name + " TXT"));
                    TreeSet<String> zone = axfr(ZONE);
                    // The value-dependent case fails on an RRset that has more records than the prerequisite names
                    // (§3.2.3: the whole RRset is compared).
                    assertRcode(c[1].failingRcode(), send(client, tcp, ADMIN, ZONE, c[1].prereq(),
                            "update add " + name + " 60 TXT \"not applied\""));
                    assertEquals(zone, axfr(ZONE), client + " " + c[1].description() + ": zone changed");
                }
            }
        }
        // The whole RRset, as sent, holds (§3.2.3).
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "prereq yxrrset www." + ZONE + " A 192.0.2.1",
                "prereq yxrrset www." + ZONE + " A 192.0.2.2", "update add _acme-challenge.pre." + ZONE + " 60 TXT x",
                "update delete _acme-challenge.pre." + ZONE + " TXT"));
    }

    @Test
    void apexSoaAndNsAreKeptAndCnameRulesHold() throws Exception {
        TreeSet<String> before = axfr(ZONE);
        long serial = server.serial(ZONE);
        // RFC 2136 §3.4.2.3/§3.4.2.4: deleting the apex NS RRset, its last NS, or the SOA is ignored; NOERROR.
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update delete " + ZONE + " NS"));
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update delete " + ZONE + " NS ns1." + ZONE));
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update delete " + ZONE + " SOA"));
        // Delete all at the apex keeps SOA and NS (§3.4.2.3): here it deletes the CAA only, so put it back after.
        // §3.4.2.2: no A beside a CNAME, and no CNAME beside other data: ignored, NOERROR.
        assertOk(send(Client.KNSUPDATE, false, ADMIN, ZONE, "update add alias." + ZONE + " 60 A 192.0.2.9"));
        assertOk(send(Client.KNSUPDATE, false, ADMIN, ZONE, "update add www." + ZONE + " 60 CNAME alias"));
        assertEquals(before, axfr(ZONE));
        assertEquals(serial, server.serial(ZONE), "no change, no new serial");
        // Delete all RRsets at a name (§2.5.3).
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update add gone." + ZONE + " 60 A 192.0.2.7",
                "update add gone." + ZONE + " 60 TXT \"t\""));
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update delete gone." + ZONE));
        assertEquals(Rcode.NXDOMAIN, server.ask("gone." + ZONE, Type.A).getRcode());
        // An SOA with a greater serial replaces the serial (§3.4.2.2); a lower one is ignored.
        long now = server.serial(ZONE);
        assertOk(send(Client.NSUPDATE, false, ADMIN, ZONE, "update add " + ZONE + " 3600 SOA ns1." + ZONE
                + " hostmaster." + ZONE + " " + (now + 50) + " 3600 900 1209600 300"));
        assertEquals(now + 50, server.serial(ZONE));
    }

    @Test
    void managedSerialsRiseInDateForm() throws Exception {
        long before = server.serial(MANAGED);
        assertOk(send(Client.NSUPDATE, false, ADMIN, MANAGED, "update add host." + MANAGED + " 60 A 192.0.2.5"));
        long after = server.serial(MANAGED);
        assertTrue(after > before && after > 2020010100L, before + " -> " + after);
    }

    @Test
    void refusalsLeaveTheZoneAsItWas() throws Exception {
        String add = "update add _acme-challenge." + ZONE + " 60 TXT \"refused\"";
        record Refusal(String what, String key, String zone, String rcode, String command) { }
        List<Refusal> cases = List.of(
                new Refusal("unsigned", null, ZONE, "REFUSED", add),
                new Refusal("unknown key", "hmac-sha256:stranger:" + SECRET_ACME, ZONE, "NOTAUTH", add),
                new Refusal("wrong secret", "hmac-sha256:acme:" + SECRET_NOGRANT, ZONE, "NOTAUTH", add),
                new Refusal("key without any grant", "hmac-sha256:nogrant:" + SECRET_NOGRANT, ZONE, "REFUSED", add),
                new Refusal("key without a grant for that type", ACME, ZONE, "REFUSED",
                        "update add _acme-challenge." + ZONE + " 60 CAA 0 issue \"ca.example\""),
                new Refusal("key without a grant for that name", ACME, ZONE, "REFUSED",
                        "update add www." + ZONE + " 60 TXT \"x\""),
                new Refusal("pattern covers one label only", ACME, ZONE, "REFUSED",
                        "update add _acme-challenge.a.b." + ZONE + " 60 TXT \"x\""),
                new Refusal("zone not served", ADMIN, "example.org.", "NOTAUTH",
                        "update add www.example.org. 60 A 192.0.2.1"),
                new Refusal("strict: a CAA lint error", ADMIN, ZONE, "REFUSED",
                        "update add " + ZONE + " 60 CAA 0 issue \"\\000\""));
        for (Client client : Client.values()) {
            for (Refusal c : cases) {
                TreeSet<String> zone = axfr(ZONE);
                assertRcode(c.rcode(), send(client, false, c.key(), c.zone(), c.command()));
                assertEquals(zone, axfr(ZONE), client + " " + c.what() + ": zone changed");
            }
        }
        String log = server.log();
        assertTrue(log.contains("key acme. may not change _acme-challenge.update.test. CAA"), log);
        assertTrue(log.contains("with --strict, a policy record may not get a lint error"), log);
        assertTrue(log.contains("signature did not verify (BADSIG)"), log);
        assertTrue(log.contains("signature did not verify (BADKEY)"), log);
        // A grant for one name and type: the md5 key (certbot's default algorithm) works, and is warned about.
        assertOk(send(Client.NSUPDATE, true, MD5, ZONE, "update add md5." + ZONE + " 60 TXT \"md5\""));
        assertTrue(log.contains("hmac-md5 is weak"), log);
    }

    @Test
    void unknownKeyAndBadMacAreNotauthWithTheirTsigErrors() throws Exception {
        // RFC 8945 §5.2.1: an unknown key is BADKEY; §5.2.2: a bad MAC is BADSIG; both NOTAUTH, zone unchanged.
        TreeSet<String> zone = axfr(ZONE);
        Object[][] cases = {{"stranger.", SECRET_ACME, Rcode.BADKEY}, {"acme.", SECRET_NOGRANT, Rcode.BADSIG}};
        for (Object[] c : cases) {
            Message m = new Update(Name.fromString(ZONE));
            m.addRecord(Record.fromString(Name.fromString("_acme-challenge." + ZONE), Type.TXT, DClass.IN, 60,
                    "tsig-refused", Name.root), Section.UPDATE);
            m.setTSIG(new TSIG(TSIG.HMAC_SHA256, (String) c[0], (String) c[1]));
            Message reply = udp(m.toWire(65535));
            assertEquals(Rcode.NOTAUTH, reply.getRcode(), reply.toString());
            assertEquals(c[2], reply.getTSIG().getError(), reply.toString());
        }
        assertEquals(zone, axfr(ZONE));
    }

    @Test
    void malformedUpdatesAreFormerrAndChangeNothing() throws Exception {
        TreeSet<String> zone = axfr(ZONE);
        Name origin = Name.fromString(ZONE);
        Name www = Name.fromString("www." + ZONE);
        // RFC 2136 §3.4.1.3: class ANY with RDATA; §3.1.1: two zones; §3.4.1.3: a meta type (AXFR) to add.
        List<Message> bad = new ArrayList<>();
        Message anyWithData = new Update(origin);
        anyWithData.addRecord(new ARecord(www, DClass.ANY, 0, InetAddress.getByName("192.0.2.3")), Section.UPDATE);
        bad.add(anyWithData);
        Message twoZones = new Update(origin);
        twoZones.addRecord(Record.newRecord(Name.fromString("managed.test."), Type.SOA, DClass.IN), Section.ZONE);
        twoZones.addRecord(new ARecord(www, DClass.IN, 60, InetAddress.getByName("192.0.2.3")), Section.UPDATE);
        bad.add(twoZones);
        Message metaType = new Update(origin);
        metaType.addRecord(Record.newRecord(www, Type.AXFR, DClass.IN, 60), Section.UPDATE);
        bad.add(metaType);
        Message prereqTtl = new Update(origin);
        prereqTtl.addRecord(Record.newRecord(www, Type.A, DClass.ANY, 60), Section.PREREQ);
        bad.add(prereqTtl);
        for (Message m : bad) {
            m.setTSIG(new TSIG(TSIG.HMAC_SHA256, "admin.", SECRET_ADMIN));
            Message reply = udp(m.toWire(65535));
            assertEquals(Rcode.FORMERR, reply.getRcode(), m.toString());
            assertEquals(zone, axfr(ZONE));
        }
        // An update for a name outside the zone: NOTZONE (§3.4.1.3).
        Message outside = new Update(origin);
        outside.addRecord(new ARecord(Name.fromString("www.example.org."), DClass.IN, 60,
                InetAddress.getByName("192.0.2.3")), Section.UPDATE);
        outside.setTSIG(new TSIG(TSIG.HMAC_SHA256, "admin.", SECRET_ADMIN));
        assertEquals(Rcode.NOTZONE, udp(outside.toWire(65535)).getRcode());
        assertEquals(zone, axfr(ZONE));
    }

    @Test
    void theUsersFileIsNeverRewrittenAndTheMetricCountsRefusals() throws Exception {
        Path file = dir.resolve("zones/update.test.toml");
        String text = Files.readString(file);
        assertOk(send(Client.NSUPDATE, false, HOME, ZONE, "update add home." + ZONE + " 60 A 198.51.100.7"));
        assertEquals(text, Files.readString(file));
        assertTrue(text.startsWith("# hand-written"));
        String dynamic = Files.readString(dir.resolve("zones/.tomldns-dynamic/update.test.toml"));
        assertTrue(dynamic.contains("{ name = \"home.update.test.\", type = \"A\", ttl = 60, data = \"198.51.100.7\" }"),
                dynamic);
        assertRcode("REFUSED", send(Client.NSUPDATE, false, null, ZONE, "update add home." + ZONE + " 60 A 192.0.2.1"));
        String metrics = Tools.run("curl", "-s", "http://127.0.0.1:" + httpPort + "/metrics").out();
        assertTrue(metrics.matches("(?s).*dns_updates_total\\{result=\"refused\",zone=\"update.test.\"} [1-9].*"),
                metrics);
        assertTrue(metrics.matches("(?s).*dns_updates_total\\{result=\"applied\",zone=\"update.test.\"} [1-9].*"),
                metrics);
        // Updates are not reloads: the zone was read from its file once, at start (no test here edits the file).
        assertTrue(metrics.matches("(?s).*dns_zone_reloads_total\\{result=\"ok\",zone=\"update.test.\"} 1\\.0\n.*"),
                metrics);
    }

    private static Message udp(byte[] wire) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), server.port));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            s.receive(p);
            return new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        }
    }
}
