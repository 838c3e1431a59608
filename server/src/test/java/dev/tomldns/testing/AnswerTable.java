package dev.tomldns.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One row of an RFC table: a query and the whole response it must get, sections written as "owner TYPE rdata"
 * lines joined by "|" (SOA lines end in "/ttl", so negative-caching TTLs are pinned). Asked of a running server
 * over UDP (with EDNS, payload 1232, RFC 6891) and over TCP (without), so both transports' paths and both query
 * shapes are checked against the same row.
 */
public final class AnswerTable {
    private AnswerTable() {
    }

    /**
     * Asserts the row over both transports. {@code exactCase} compares owner names and RDATA in the letter case
     * they come back in; otherwise owners are lowercased.
     */
    public static void check(InetSocketAddress server, String rule, String name, int type, int rcode, boolean aa,
            String answer, String authority, String additional, boolean exactCase) {
        for (Sockets.Transport t : Sockets.Transport.values()) {
            Message q = Fixture.query(name, type);
            if (t == Sockets.Transport.UDP) {
                q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
            }
            Message r = Sockets.ask(t, server, q);
            String where = rule + " over " + t + ": ";
            assertEquals(Rcode.string(rcode), Rcode.string(r.getRcode()), where + "rcode");
            assertEquals(aa, r.getHeader().getFlag(Flags.AA), where + "AA");
            assertEquals(lines(answer), section(r, Section.ANSWER, exactCase), where + "answer");
            assertEquals(lines(authority), section(r, Section.AUTHORITY, exactCase), where + "authority");
            assertEquals(lines(additional), section(r, Section.ADDITIONAL, exactCase), where + "additional");
            assertTrue(r.getHeader().getFlag(Flags.QR), where + "QR");
            assertFalse(r.getHeader().getFlag(Flags.TC), where + "TC");
        }
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\\|"));
    }

    private static List<String> section(Message m, int section, boolean exactCase) {
        return m.getSection(section).stream().filter(r -> r.getType() != Type.OPT)
                .map(r -> line(r, exactCase)).collect(Collectors.toList());
    }

    private static String line(Record r, boolean exactCase) {
        String owner = exactCase ? r.getName().toString() : r.getName().toString().toLowerCase();
        String s = owner + " " + Type.string(r.getType()) + " " + r.rdataToString();
        return r.getType() == Type.SOA ? s + " /" + r.getTTL() : s;
    }
}
