package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.interop.PeerServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The differential test: the same signed zone served by Knot (which signed it) and by tomldns (the zone read out of Knot and brought over
 * with {@code tomldns import}), asked the same DO=1 queries (RFC 4035 §3.1) over every owner name and type and names
 * that do not exist: the same rcode and header flags, the same answer section (RRsets and their RRSIGs), and the
 * same authority section (SOA or NS with RRSIGs, and the NSEC or NSEC3 records of the proof). Knot and tomldns take
 * the proof records the RFCs name (RFC 4035 §3.1.3, RFC 5155 §7.2), which leave no choice for these zones, so the
 * sections are compared as sets; the additional section (glue, OPT) is not compared.
 */
final class SignedZoneDifferential {
    static final int[] TYPES = {Type.A, Type.AAAA, Type.TXT, Type.CAA, Type.MX, Type.NS, Type.SOA, Type.CNAME,
        Type.DNAME, Type.SRV, Type.TLSA, Type.DS, Type.DNSKEY, Type.NSEC, Type.NSEC3PARAM, Type.CDS, Type.PTR};

    private SignedZoneDifferential() {
    }

    static void run(Path dir, Name zone, KnotSigner.Policy policy) throws Exception {
        try (KnotSigner knot = new KnotSigner(dir.resolve("knot"), List.of(
                new KnotSigner.Zone(zone, SignedZoneCases.zone(zone), policy)), 0);
             TomldnsSecondary tomldns = new TomldnsSecondary(dir.resolve("tomldns"), PeerServer.freePort())) {
            knot.start();
            List<String> names = new ArrayList<>();
            {
                String text = knot.zoneText(zone);
                Path file = dir.resolve(zone + "zone");
                Files.writeString(file, text);
                tomldns.importZone(zone, file);
                TreeSet<String> owners = new TreeSet<>();
                text.lines().map(l -> l.split("\\s+")[0]).filter(o -> !o.matches("[0-9a-v]{32}\\..*"))
                        .forEach(owners::add);
                for (String owner : owners) {
                    names.add(owner);
                    names.add("nx." + owner); // NXDOMAIN, or a wildcard answer, or below a cut or DNAME
                }
                names.add("host.wild." + zone);
                names.add("a.b.wild." + zone);
                names.add("ent." + zone);
                names.add("b.ent." + zone);
            }
            tomldns.startPrimary(List.of(zone));
            List<String> differ = new ArrayList<>();
            int asked = 0;
            for (String name : names) {
                for (int type : TYPES) {
                    asked++;
                    Message k = ask(knot.address(), name, type);
                    Message t = ask(tomldns.address(), name, type);
                    String d = difference(k, t, type);
                    if (d != null) {
                        differ.add(name + " " + Type.string(type) + ": " + d);
                    }
                }
            }
            assertTrue(asked > 250, "asked only " + asked);
            assertTrue(differ.isEmpty(), differ.size() + " of " + asked + " DO=1 answers differ from Knot's (first 30):\n"
                    + String.join("\n", differ.subList(0, Math.min(30, differ.size()))));
        }
    }

    /** One DO=1 query over TCP (so size limits cannot make the two differ). */
    static Message ask(InetSocketAddress server, String name, int type) throws Exception {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(true);
        r.setTimeout(Duration.ofSeconds(5));
        r.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        return r.send(q);
    }

    /** Null when the answers agree; else what differs, in words. */
    static String difference(Message knot, Message tomldns, int qtype) {
        if (knot.getRcode() != tomldns.getRcode()) {
            return "rcode " + Rcode.string(tomldns.getRcode()) + ", Knot " + Rcode.string(knot.getRcode());
        }
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (knot.getHeader().getFlag(flag) != tomldns.getHeader().getFlag(flag)) {
                return "flag " + Flags.string(flag) + " " + tomldns.getHeader().getFlag(flag) + ", Knot "
                        + knot.getHeader().getFlag(flag);
            }
        }
        boolean knotDo = knot.getOPT() != null && (knot.getOPT().getFlags() & ExtendedFlags.DO) != 0;
        boolean tomldnsDo = tomldns.getOPT() != null && (tomldns.getOPT().getFlags() & ExtendedFlags.DO) != 0;
        if (knotDo != tomldnsDo) {
            return "DO in the OPT " + tomldnsDo + ", Knot " + knotDo;
        }
        if (cnameForNsecQuery(knot, tomldns, qtype)) {
            return null;
        }
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            TreeSet<String> k = set(knot, section);
            TreeSet<String> t = set(tomldns, section);
            if (section == Section.AUTHORITY && qtype == Type.NSEC) {
                wildcardOwnNsec(knot, k, t);
            }
            if (!k.equals(t)) {
                TreeSet<String> missing = new TreeSet<>(k);
                missing.removeAll(t);
                TreeSet<String> extra = new TreeSet<>(t);
                extra.removeAll(k);
                return Section.string(section) + " section: missing " + brief(missing) + ", extra " + brief(extra);
            }
        }
        return null;
    }

    /**
     * A query of type NSEC at a CNAME owner in an NSEC3 zone (no NSEC there): RFC 1034 §4.3.2 step 3a follows the
     * CNAME for any other type, which tomldns does; RFC 4035 §2.5 lets NSEC stand beside a CNAME, so Knot answers
     * NODATA at the owner instead. Both are answers a validator accepts; this one shape is not counted.
     */
    private static boolean cnameForNsecQuery(Message knot, Message tomldns, int qtype) {
        if (qtype != Type.NSEC || !knot.getSection(Section.ANSWER).isEmpty()) {
            return false;
        }
        List<Record> answer = tomldns.getSection(Section.ANSWER);
        return !answer.isEmpty() && answer.get(0).getType() == Type.CNAME
                && answer.get(0).getName().equals(tomldns.getQuestion().getName());
    }

    /**
     * A query of type NSEC answered from a wildcard ({@code host.wild NSEC}, expanded from {@code *.wild}): the
     * NSEC that proves the name does not exist (RFC 4035 §3.1.3.3) is the wildcard's own, and Knot leaves it out
     * of the authority section, as if the expanded copy in the answer were it (it is not: its owner is the query
     * name). tomldns sends it, which RFC 4035 §3.1.3.3 asks for; that one NSEC and its RRSIG are not counted.
     */
    private static void wildcardOwnNsec(Message knot, TreeSet<String> knotAuthority,
                                        TreeSet<String> tomldnsAuthority) {
        for (Record r : knot.getSection(Section.ANSWER)) {
            if (r instanceof org.xbill.DNS.RRSIGRecord sig && sig.getTypeCovered() == Type.NSEC
                    && sig.getLabels() < r.getName().labels() - 1) {
                Name wildcard = Name.fromConstantString("*." + new Name(r.getName(),
                        r.getName().labels() - 1 - sig.getLabels()));
                tomldnsAuthority.removeIf(line -> !knotAuthority.contains(line) && line.startsWith(wildcard + "\t") && line.matches(
                        "\\S+\\s+\\d+\\s+IN\\s+(NSEC|RRSIG\\s+NSEC)\\s.*"));
            }
        }
    }

    /** "owner TYPE" (and the covered type of an RRSIG): enough to read a long list of differences. */
    private static List<String> brief(TreeSet<String> records) {
        return records.stream().map(r -> {
            String[] f = r.split("\\s+");
            return f[0] + " " + f[3] + (f[3].equals("RRSIG") ? " " + f[4] : "");
        }).toList();
    }

    private static TreeSet<String> set(Message m, int section) {
        TreeSet<String> out = new TreeSet<>();
        m.getSection(section).forEach(r -> out.add(r.toString()));
        return out;
    }
}
