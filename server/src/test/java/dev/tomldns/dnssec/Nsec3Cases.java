package dev.tomldns.dnssec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The table of RFC 5155 §7.2 cases the NSEC3 tests share: one zone, the queries that reach each kind of negative or
 * wildcard answer in it, and the query and section helpers.
 */
final class Nsec3Cases {
    private Nsec3Cases() {
    }

    /** One zone in relative names (wildcard, empty non-terminals, secure and insecure delegations, CNAME, DNAME). */
    static final String ZONE = String.join("\n",
            "$TTL 300",
            "@ IN SOA ns1 hostmaster 1 3600 600 86400 300",
            "@ NS ns1",
            "ns1 A 192.0.2.1",
            "www A 192.0.2.2",
            "*.wild A 192.0.2.3",
            "*.wild TXT \"wild\"",
            "a.b.c AAAA 2001:db8::1",
            "alias CNAME www",
            "dn DNAME example.net.",
            "secure NS ns.secure",
            "secure DS 12345 13 2 " + "ab".repeat(32),
            "ns.secure A 192.0.2.9",
            "insecure NS ns.elsewhere.example.",
            "deep.ent2 NS ns.elsewhere.example.",
            "*.wc CNAME www",
            "dangling CNAME gone",
            "");

    enum Kind { NXDOMAIN, NODATA, REFERRAL, WILDCARD_ANSWER, WILDCARD_NODATA }

    /**
     * One query: the name and type, what the zone answers (the engine's decision, given here), the closest encloser
     * the zone's lookup finds (or the delegation of a referral), the RFC section, and the name the proof is about:
     * the query name, or the end of a CNAME chain within the zone.
     */
    record Case(String qname, int qtype, Kind kind, String encloser, String section, String proven) {
        Case(String qname, int qtype, Kind kind, String encloser, String section) {
            this(qname, qtype, kind, encloser, section, qname);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("nx", Type.A, Kind.NXDOMAIN, "@", "7.2.2"),
            new Case("x.y.c", Type.A, Kind.NXDOMAIN, "c", "7.2.2: encloser an empty non-terminal"),
            new Case("nope.b.c", Type.TXT, Kind.NXDOMAIN, "b.c", "7.2.2"),
            new Case("x.a.b.c", Type.A, Kind.NXDOMAIN, "a.b.c", "7.2.2"),
            new Case("x.www", Type.A, Kind.NXDOMAIN, "www", "7.2.2"),
            new Case("x.alias", Type.A, Kind.NXDOMAIN, "alias", "7.2.2: below a CNAME owner"),
            new Case("x.ent2", Type.A, Kind.NXDOMAIN, "ent2", "7.2.2: encloser above an insecure delegation only"),
            new Case("www", Type.MX, Kind.NODATA, "www", "7.2.3"),
            new Case("@", Type.TXT, Kind.NODATA, "@", "7.2.3 at the apex"),
            new Case("ns1", Type.AAAA, Kind.NODATA, "ns1", "7.2.3"),
            new Case("c", Type.A, Kind.NODATA, "c", "7.2.3: empty non-terminal"),
            new Case("b.c", Type.A, Kind.NODATA, "b.c", "7.2.3: empty non-terminal"),
            new Case("dn", Type.A, Kind.NODATA, "dn", "7.2.3: DNAME owner"),
            new Case("ent2", Type.A, Kind.NODATA, "ent2", "7.2.3: empty non-terminal above an insecure delegation"),
            new Case("www", Type.DS, Kind.NODATA, "www", "7.2.4: DS where there is no cut"),
            new Case("insecure", Type.DS, Kind.NODATA, "insecure", "7.2.4: DS at an insecure delegation"),
            new Case("deep.ent2", Type.DS, Kind.NODATA, "deep.ent2", "7.2.4: DS at an insecure delegation"),
            new Case("foo.wild", Type.MX, Kind.WILDCARD_NODATA, "wild", "7.2.5"),
            new Case("a.b.wild", Type.AAAA, Kind.WILDCARD_NODATA, "wild", "7.2.5: two labels below the wildcard"),
            new Case("foo.wild", Type.A, Kind.WILDCARD_ANSWER, "wild", "7.2.6"),
            new Case("a.b.wild", Type.TXT, Kind.WILDCARD_ANSWER, "wild", "7.2.6: two labels below the wildcard"),
            new Case("host.insecure", Type.A, Kind.REFERRAL, "insecure", "7.2.7"),
            new Case("insecure", Type.NS, Kind.REFERRAL, "insecure", "7.2.7"),
            new Case("x.deep.ent2", Type.A, Kind.REFERRAL, "deep.ent2", "7.2.7: below an empty non-terminal"),
            new Case("foo.wc", Type.A, Kind.WILDCARD_ANSWER, "wc", "7.2.6: a wildcard CNAME"),
            new Case("dangling", Type.A, Kind.NXDOMAIN, "@", "7.2.2: for the CNAME's target", "gone"));

    /** A query (RD clear) over TCP or UDP (payload 1232), with DO=1 or without EDNS DO. */
    static Message ask(InetSocketAddress server, Name qname, int qtype, boolean tcp, boolean dnssec)
            throws IOException {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(tcp);
        r.setIgnoreTruncation(true);
        r.setTimeout(Duration.ofSeconds(3));
        r.setEDNS(0, 1232, dnssec ? ExtendedFlags.DO : 0, List.of());
        Message q = Message.newQuery(Record.newRecord(qname, qtype, DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        return r.send(q);
    }

    /** The NSEC3 RRsets of an answer's authority section, each with the RRSIGs over it found there. */
    static List<RRset> proofIn(Message m) {
        Map<Name, RRset> byOwner = new LinkedHashMap<>();
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.NSEC3) {
                byOwner.computeIfAbsent(r.getName(), n -> new RRset()).addRR(r);
            }
        }
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.NSEC3
                    && byOwner.containsKey(r.getName())) {
                byOwner.get(r.getName()).addRR(sig);
            }
        }
        return new ArrayList<>(byOwner.values());
    }

    /** The owner names of a proof, lowercase and sorted: what two servers' proofs are compared by. */
    static TreeSet<String> owners(List<RRset> proof) {
        return proof.stream().map(set -> set.getName().toString().toLowerCase())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Name absolute(String relative, Name origin) throws IOException {
        return relative.equals("@") ? origin : Name.fromString(relative, origin);
    }
}
