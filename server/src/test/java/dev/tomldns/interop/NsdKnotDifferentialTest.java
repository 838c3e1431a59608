package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Differential test: the same generated zone, with DNAMEs added (RFC 6672), served by tomldns (TOML) and by real NSD
 * and Knot (RFC 1035 file),
 * thousands of queries sent to each over UDP, and the responses compared field by field: rcode, AA, TC, the answer
 * section, the authority section of negative answers and referrals, and the EDNS reply. Positive answers' authority
 * and additional sections are not compared: NSD adds the apex NS there, Knot and tomldns answer minimally.
 */
class NsdKnotDifferentialTest {
    private static final Name ORIGIN = Name.fromConstantString("diff.test.");
    @TempDir
    static Path dir;
    private static RunningServer ours;
    private static NsdPeer nsd;
    private static KnotPeer knot;
    private static List<String[]> queries;

    @BeforeAll
    static void start() throws Exception {
        Path gen = Fixture.root().resolve("server/src/test/resources/gen-zone.py");
        Path out = dir.resolve("gen");
        Tools.Result r = Tools.run("python3", gen.toString(), "--origin", "diff.test", "--names", "1500", "--seed", "11",
                "--queries", "3000", "--out", out.toString());
        assertEquals(0, r.exit(), r.out());
        Path zones = Files.createDirectory(dir.resolve("zones"));
        // RFC 6672: DNAMEs added to the generated zone, written both ways.
        StringBuilder toml = new StringBuilder(Files.readString(out.resolve("diff.test.toml")));
        StringBuilder zoneText = new StringBuilder(Files.readString(out.resolve("diff.test.zone")));
        for (String[] d : DNAMES) {
            toml.append("\n[[records]]\nname = \"").append(d[0]).append("\"\ntype = \"").append(d[1])
                    .append("\"\ndata = \"").append(d[2]).append("\"\n");
            zoneText.append(d[0]).append(" IN ").append(d[1]).append(' ').append(d[2]).append('\n');
        }
        Files.writeString(zones.resolve("diff.test.toml"), toml);
        ours = new RunningServer(zones);
        nsd = (NsdPeer) new NsdPeer(dir.resolve("nsd"),
                List.of(PeerZone.primary(ORIGIN, zoneText.toString(), null, List.of()))).start();
        knot = (KnotPeer) new KnotPeer(dir.resolve("knot"),
                List.of(PeerZone.primary(ORIGIN, zoneText.toString(), null, List.of()))).start();
        queries = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("queries.txt"))) {
            String[] q = line.trim().split("\\s+");
            if (q.length == 2) {
                queries.add(q);
            }
        }
    }

    private static final String LONG_TARGET = "l".repeat(60) + "." + "l".repeat(60) + "." + "l".repeat(60)
            + ".diff.test.";
    /**
     * Owner, type, data: a DNAME to the apex (with data of its own), a chain of two, one out of our zones, one onto
     * the wildcard's parent, and one whose substitutions can overflow 255 octets (RFC 6672 §2.2).
     */
    private static final String[][] DNAMES = {
            {"alias", "DNAME", "diff.test."},
            {"alias", "A", "192.0.2.77"},
            {"chain", "DNAME", "alias.diff.test."},
            {"ext", "DNAME", "example.net."},
            {"wd", "DNAME", "wild.diff.test."},
            {"long", "DNAME", LONG_TARGET},
    };

    /** Queries at and below the DNAMEs, built from the generated names so they reach every kind of answer. */
    private static List<String[]> dnameQueries(Random random) {
        List<String[]> out = new ArrayList<>();
        String[] types = {"A", "AAAA", "TXT", "MX", "CNAME", "DNAME", "NS", "SOA", "CAA"};
        for (String owner : new String[] {"alias", "chain", "ext", "wd", "long"}) {
            for (String type : types) {
                out.add(new String[] {owner + ".diff.test", type});
            }
        }
        for (int i = 0; i < 600; i++) {
            String[] q = queries.get(random.nextInt(queries.size()));
            String relative = q[0].equals("diff.test") ? "" : q[0].substring(0, q[0].length() - ".diff.test".length());
            String below = relative.isEmpty() ? "" : relative + ".";
            switch (i % 6) {
                case 0, 1 -> out.add(new String[] {below + "alias.diff.test", q[1]});
                case 2 -> out.add(new String[] {below + "chain.diff.test", q[1]});
                case 3 -> out.add(new String[] {below + "ext.diff.test", q[1]});
                case 4 -> out.add(new String[] {"x" + i + ".wd.diff.test", q[1]});
                default -> out.add(new String[] {below + "alias.diff.test", types[i % types.length]});
            }
        }
        // RFC 6672 §2.2 at the boundary: substituted names of 254, 255 and 256 octets (the DNAME's target is 196).
        for (int label = 56; label <= 60; label++) {
            out.add(new String[] {"y".repeat(label) + ".long.diff.test", "A"});
        }
        return out;
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

    /** One UDP exchange; null on timeout (a dropped query). */
    private static Message exchange(InetSocketAddress server, byte[] query) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(query, query.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
        }
    }

    /** What must agree between two servers' answers to the same query. */
    private static String digest(Message m) {
        if (m == null) {
            return "(no reply)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(org.xbill.DNS.Rcode.string(m.getRcode()))
                .append(m.getHeader().getFlag(Flags.AA) ? " aa" : "")
                .append(m.getHeader().getFlag(Flags.TC) ? " tc" : "")
                .append(m.getHeader().getFlag(Flags.QR) ? " qr" : "");
        List<Record> answer = m.getSection(Section.ANSWER);
        sb.append("\n  answer: ").append(sorted(answer));
        boolean negativeOrReferral = answer.isEmpty() || !m.getHeader().getFlag(Flags.AA);
        if (negativeOrReferral) {
            sb.append("\n  authority: ").append(sorted(m.getSection(Section.AUTHORITY)));
        }
        OPTRecord opt = m.getOPT();
        if (opt != null) {
            sb.append("\n  edns: v").append(opt.getVersion()).append(" do=")
                    .append((opt.getFlags() & ExtendedFlags.DO) != 0).append(" options=").append(opt.getOptions().size());
        }
        return sb.toString();
    }

    private static List<String> sorted(List<Record> records) {
        return records.stream().map(r -> r.toString().toLowerCase()).sorted().collect(Collectors.toList());
    }

    private static byte[] query(String name, int type, boolean edns, int id) throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        q.getHeader().setID(id);
        q.getHeader().unsetFlag(Flags.RD);
        if (edns) {
            q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return q.toWire();
    }

    /** Random letter case, as resolvers using 0x20 send. */
    private static String mixCase(String name, Random random) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private static List<String> compare(PeerServer peer, boolean skipApexAny) throws IOException {
        List<String> diffs = new ArrayList<>();
        Random random = new Random(5);
        int id = 1;
        List<String[]> all = new ArrayList<>(queries);
        // Beyond the generator's mix: every other type at a sample of names, and names that do not exist.
        String[] extraTypes = {"NS", "SOA", "MX", "SRV", "CNAME", "ANY", "DS", "PTR", "HINFO", "TYPE65000"};
        for (int i = 0; i < 400; i++) {
            String[] q = queries.get(random.nextInt(queries.size()));
            all.add(new String[] {q[0], extraTypes[i % extraTypes.length]});
            all.add(new String[] {"x" + i + "." + q[0], "A"});
        }
        all.addAll(dnameQueries(random));
        for (String[] q : all) {
            int type = Type.value(q[1]);
            if (skipApexAny && type == Type.ANY && Name.fromString(q[0], Name.root).equals(ORIGIN)) {
                continue; // RFC 8482 leaves the choice of RRset open; Knot picks another one at the apex than NSD
            }
            boolean edns = random.nextInt(4) != 0;
            String name = mixCase(q[0], random);
            byte[] wire = query(name, type, edns, id++);
            String theirs = digest(exchange(peer.address(), wire));
            String mine = digest(exchange(ours.address, wire));
            if (!theirs.equals(mine)) {
                diffs.add(name + " " + q[1] + (edns ? " +edns" : "") + "\n " + peer.getClass().getSimpleName() + ": "
                        + theirs + "\n tomldns: " + mine);
            }
        }
        return diffs;
    }

    @Test
    void answersAsNsdDoesOnThousandsOfQueries() throws Exception {
        List<String> diffs = compare(nsd, false);
        assertTrue(diffs.isEmpty(), diffs.size() + " differences from NSD, first ones:\n"
                + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
    }

    @Test
    void answersAsKnotDoesOnThousandsOfQueries() throws Exception {
        List<String> diffs = compare(knot, true);
        assertTrue(diffs.isEmpty(), diffs.size() + " differences from Knot, first ones:\n"
                + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
    }

    /** The probes of the well-known EDNS compliance tests, each compared with NSD's reply. */
    @Test
    void ednsComplianceProbesAsNsd() throws Exception {
        List<String> diffs = new ArrayList<>();
        List<EDNSOption> unknown = List.of(new GenericEDNSOption(100, new byte[0]));
        Object[][] probes = {
                {"plain", null},
                {"edns", new OPTRecord(4096, 0, 0)},
                {"edns1", new OPTRecord(4096, 0, 1)},
                {"edns@512", new OPTRecord(512, 0, 0)},
                {"ednsopt", new OPTRecord(4096, 0, 0, 0, unknown)},
                {"edns1opt", new OPTRecord(4096, 0, 1, 0, unknown)},
                {"do", new OPTRecord(4096, 0, 0, ExtendedFlags.DO)},
                {"ednsflags", new OPTRecord(4096, 0, 0, 0x0080)},
                {"docd", new OPTRecord(4096, 0, 0, ExtendedFlags.DO)},
        };
        int id = 100;
        for (Object[] probe : probes) {
            for (int type : new int[] {Type.SOA, Type.A, Type.TXT, Type.CAA}) {
                Message q = Message.newQuery(Record.newRecord(ORIGIN, type, DClass.IN));
                q.getHeader().setID(id++);
                q.getHeader().unsetFlag(Flags.RD);
                if (probe[0].equals("docd")) {
                    q.getHeader().setFlag(Flags.CD);
                }
                if (probe[1] != null) {
                    q.addRecord((OPTRecord) probe[1], Section.ADDITIONAL);
                }
                byte[] wire = q.toWire();
                Message a = exchange(nsd.address(), wire);
                Message b = exchange(ours.address, wire);
                String da = digest(a) + (a == null ? "" : " cd=" + a.getHeader().getFlag(Flags.CD));
                String db = digest(b) + (b == null ? "" : " cd=" + b.getHeader().getFlag(Flags.CD));
                if (!da.equals(db)) {
                    diffs.add(probe[0] + " " + Type.string(type) + "\n NSD: " + da + "\n tomldns: " + db);
                }
            }
        }
        // An unknown opcode with EDNS, as the compliance tests send it. NSD drops the OPT here; RFC 6891 §6.1.1 and
        // Knot keep it, and so do we: this probe is compared with Knot.
        Message q = Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, DClass.IN));
        q.getHeader().setOpcode(15);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        String da = digest(exchange(knot.address(), q.toWire()));
        String db = digest(exchange(ours.address, q.toWire()));
        if (!da.equals(db)) {
            diffs.add("opcode 15\n Knot: " + da + "\n tomldns: " + db);
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
    }

    /**
     * The example zone's CAA and TXT records as dig prints them: from tomldns (the TOML file) and from NSD (the same
     * records as an RFC 1035 zone file), line for line.
     */
    @Test
    void digPrintsCaaAndTxtFromTomldnsExactlyAsFromNsd() throws Exception {
        Path zones = Fixture.exampleZones();
        dev.tomldns.zone.ZoneFile zf = new dev.tomldns.zone.toml.ZoneFileReader().read(zones.resolve("example.net.toml"));
        StringBuilder text = new StringBuilder();
        for (Record r : zf.zone().records()) {
            text.append(r).append('\n');
        }
        Name origin = Name.fromConstantString("example.net.");
        try (RunningServer tomldns = new RunningServer(zones);
             NsdPeer peer = new NsdPeer(dir.resolve("nsd-example"), List.of(PeerZone.primary(origin, text.toString(), null,
                     List.of())))) {
            peer.start();
            for (String[] q : new String[][] {{"example.net", "CAA"}, {"example.net", "TXT"},
                    {"_dmarc.example.net", "TXT"}, {"mail2026._domainkey.example.net", "TXT"},
                    {"_mta-sts.example.net", "TXT"}, {"_smtp._tls.example.net", "TXT"}}) {
                String theirs = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(peer.port()), q[0], q[1],
                        "+noall", "+answer").out();
                String mine = Tools.run("dig", "@127.0.0.1", "-p", String.valueOf(tomldns.port()), q[0], q[1],
                        "+noall", "+answer").out();
                assertTrue(!mine.isBlank(), q[0] + " " + q[1] + ": no answer");
                assertEquals(theirs, mine, q[0] + " " + q[1]);
            }
        }
    }
}
