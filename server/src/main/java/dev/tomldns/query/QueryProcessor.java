package dev.tomldns.query;

import dev.tomldns.edns.EdnsOptions;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.wire.Limits;
import dev.tomldns.wire.ResponseEncoder;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * From query octets to response octets: the guards that map straight to an rcode (opcode, EDNS, class, meta
 * types), then the authoritative lookup, then encoding within the transport's size limit.
 *
 * <p>Returns {@code null} when the right reply is none (no readable header, or a response sent to us). Never
 * throws: an unexpected failure is logged, counted and answered with SERVFAIL.
 */
public final class QueryProcessor {
    private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
    /** RFC 1035 §4.1.1: the fixed header. */
    private static final int HEADER_LENGTH = 12;
    /** RFC 6891 §6.1.3: extended RCODE BADVERS = 16. */
    private static final int BADVERS = 16;

    private final ZoneRegistry registry;
    private final DnsMetrics metrics;
    private final QueryLog queryLog;
    private volatile OpcodeHandler notifyHandler;
    private volatile Stage updateStage;
    private volatile TransferHandler transferHandler;
    private volatile EdnsOptions ednsOptions = EdnsOptions.defaults();

    public QueryProcessor(ZoneRegistry registry) {
        this(registry, DnsMetrics.NOOP, QueryLog.OFF);
    }

    public QueryProcessor(ZoneRegistry registry, DnsMetrics metrics, QueryLog queryLog) {
        this.registry = registry;
        this.metrics = metrics;
        this.queryLog = queryLog;
    }

    /** Where this processor counts; the transports count connections there too. */
    public DnsMetrics metrics() {
        return metrics;
    }

    /** Where answers are logged; the fast path logs its answers there too. */
    public QueryLog queryLog() {
        return queryLog;
    }

    /** The zones this processor answers from. */
    public ZoneRegistry registry() {
        return registry;
    }

    /** Handles NOTIFY (RFC 1996) when set; without one, NOTIFY gets NOTIMP. */
    public void setNotifyHandler(OpcodeHandler handler) {
        this.notifyHandler = handler;
    }

    /** The UPDATE stage (RFC 2136) when set; without one, UPDATE gets NOTIMP. */
    public void setUpdateStage(Stage stage) {
        this.updateStage = stage;
    }

    /** The EDNS options answered (NSID, cookies); {@link EdnsOptions#defaults()} until set. */
    public void setEdnsOptions(EdnsOptions options) {
        this.ednsOptions = options;
    }

    /** The EDNS options answered now: the answer cache writes the same ones into its answers. */
    public EdnsOptions ednsOptions() {
        return ednsOptions;
    }

    /** Handles AXFR and IXFR when set; without one, transfers are REFUSED. */
    public void setTransferHandler(TransferHandler handler) {
        this.transferHandler = handler;
    }

    public byte[] process(byte[] wire, QueryContext ctx) {
        // RFC 1035 §4.1.1: without a whole header there is no ID to answer to: drop.
        if (wire.length < HEADER_LENGTH) {
            metrics.malformed(ctx.transport());
            return null;
        }
        // A response (QR=1) is never answered, or two servers could loop.
        if (ResponseEncoder.isResponse(wire)) {
            metrics.malformed(ctx.transport());
            return null;
        }
        try {
            return answer(wire, ctx);
        } catch (RuntimeException e) {
            log.warn("internal error answering a query from {}: {}", ctx.client(), e.toString(), e);
            return ResponseEncoder.headerOnly(wire, Rcode.SERVFAIL);
        }
    }

    private byte[] answer(byte[] wire, QueryContext ctx) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            // RFC 1035 §4.1.1: the header was readable, the rest was not.
            metrics.malformed(ctx.transport());
            return ResponseEncoder.headerOnly(wire, Rcode.FORMERR);
        }
        Header qh = query.getHeader();
        int opcode = qh.getOpcode();
        if (opcode == Opcode.NOTIFY && notifyHandler != null) {
            return notifyHandler.handle(query, wire, ctx);
        }
        // RFC 2136 §3: the UPDATE stage; its reply may follow later, once the change is on disk.
        Stage update = updateStage;
        if (update != null && update.claims(query)) {
            return update.handle(query, wire, ctx);
        }
        // The one dispatch point for zone transfers (before the section checks: an IXFR carries the client's SOA in
        // its authority section, RFC 1995 §3), TSIG-signed queries and zones the transfer side cannot serve.
        TransferHandler claimed = transferHandler;
        if (opcode == Opcode.QUERY && claimed != null && claimed.claims(query)) {
            return claimed.handle(query, wire, ctx);
        }
        if (opcode != Opcode.QUERY) {
            // RFC 1035 §4.1.1: a kind of query we do not implement.
            // RFC 6891 §6.1.1: an OPT in the request gets one in the response, NOTIMP included (as Knot answers).
            return encode(reply(query, Rcode.NOTIMP, query.getOPT()), query, ctx);
        }
        Record question = query.getQuestion();
        // RFC 9619: a QUERY has exactly one question; answer and authority sections are empty.
        if (qh.getCount(Section.QUESTION) != 1 || qh.getCount(Section.ANSWER) != 0
                || qh.getCount(Section.AUTHORITY) != 0) {
            return encode(reply(query, Rcode.FORMERR, null), query, ctx);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && !validOpt(query)) {
            // RFC 6891 §6.1.1: more than one OPT, or an OPT not owned by the root, is FORMERR.
            return encode(reply(query, Rcode.FORMERR, null), query, ctx);
        }
        if (opt != null && opt.getVersion() > 0) {
            // RFC 6891 §6.1.3: BADVERS, answered with the highest version we implement, 0.
            return encode(reply(query, BADVERS, opt), query, ctx);
        }
        if (opt != null && ednsOptions.badCookie(opt, ctx.transport(), address(ctx))) {
            // RFC 7873 §5.2.3-§5.2.4: cookies are required and this one is missing or stale; the reply carries a
            // fresh server cookie to retry with.
            return encode(reply(query, EdnsOptions.BADCOOKIE, opt), query, ctx);
        }
        int qtype = question.getType();
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            // No transfer handler installed: nobody may transfer.
            return encode(reply(query, Rcode.REFUSED, opt), query, ctx);
        }
        if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY
                || qtype == Type.MAILA || qtype == Type.MAILB) {
            // RFC 6895 §3.1: meta-types that are not questions.
            return encode(reply(query, qtype == Type.OPT ? Rcode.FORMERR : Rcode.NOTIMP, opt), query, ctx);
        }
        if (question.getDClass() != DClass.IN) {
            // We only serve class IN; CHAOS (version.bind, id.server) and others are refused.
            return encode(reply(query, Rcode.REFUSED, opt), query, ctx);
        }
        Message response = reply(query, Rcode.NOERROR, opt);
        Catalog catalog = registry.current();
        // RFC 3225 §3: DNSSEC records only for a query with the DO bit.
        boolean dnssec = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        Zone zone = AuthoritativeAnswer.fill(catalog, question.getName(), qtype, dnssec, response);
        if (zone == null && catalog.expiredFor(question.getName())) {
            // RFC 1034 §4.3.5: an expired secondary copy is not served; SERVFAIL sends resolvers elsewhere.
            return encode(reply(query, Rcode.SERVFAIL, opt), query, ctx);
        }
        if (zone == null) {
            // Not our zone: REFUSED, as NSD and Knot answer (RFC 1034 §4.3.2 step 2 leaves it to policy).
            response.getHeader().setRcode(Rcode.REFUSED);
        }
        return encode(response, query, ctx, zone);
    }

    /** The client's address; null for the answer cache's own queries, which come from no client. */
    private static java.net.InetAddress address(QueryContext ctx) {
        return ctx.client() == null ? null : ctx.client().getAddress();
    }

    private static boolean validOpt(Message query) {
        List<Record> additional = query.getSection(Section.ADDITIONAL);
        int count = 0;
        for (Record r : additional) {
            if (r.getType() == Type.OPT) {
                count++;
                if (!r.getName().equals(org.xbill.DNS.Name.root)) {
                    return false;
                }
            }
        }
        return count == 1;
    }

    /**
     * A response skeleton: the query's ID, opcode and RD, QR set, the question echoed exactly as sent (letter
     * case included), and an OPT when the query had one (RFC 6891 §7).
     */
    static Message reply(Message query, int rcode, OPTRecord queryOpt) {
        // CD is not copied: NSD 4.6 and Knot 3.2 leave it clear in authoritative answers, and clients compare us
        // with them (an authoritative server validates nothing, so CD has no meaning here).
        Message m = new Message(query.getHeader().getID());
        Header h = m.getHeader();
        Header qh = query.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question != null) {
            m.addRecord(question, Section.QUESTION);
        }
        h.setRcode(rcode & 0xf);
        if (queryOpt != null) {
            // RFC 6891 §6.1.3: the upper 8 bits of the rcode travel in the OPT; §7: unknown options are not echoed;
            // RFC 3225 §3: DO is copied.
            int flags = (queryOpt.getFlags() & ExtendedFlags.DO) != 0 ? ExtendedFlags.DO : 0;
            m.addRecord(new OPTRecord(Limits.OUR_UDP_PAYLOAD, rcode >>> 4, 0, flags), Section.ADDITIONAL);
        }
        return m;
    }

    private byte[] encode(Message response, Message query, QueryContext ctx) {
        return encode(response, query, ctx, null);
    }

    /** Encodes within the transport's limit and counts the answer against the zone that gave it (null: none). */
    private byte[] encode(Message response, Message query, QueryContext ctx, Zone zone) {
        int limit = ctx.transport() == Transport.TCP ? Limits.TCP_MAX : Limits.udpLimit(query.getOPT());
        OPTRecord plainOpt = response.getOPT();
        if (response.getRcode() != BADVERS) {
            // RFC 5001 §2.1 NSID, RFC 7873 §5.2 COOKIE, when the query asked (BADVERS answers version 0 alone).
            response = ednsOptions.answer(response, query.getOPT(), address(ctx));
        }
        byte[] out = ResponseEncoder.encode(response, limit);
        OPTRecord withOptions = response.getOPT();
        if ((out[2] & 0x02) != 0 && withOptions != plainOpt && plainOpt != null) {
            // The options are extras (RFC 5001 §2.1, RFC 7873 §5.2.2): when they are what pushes the data past the
            // limit, the data goes out whole without them rather than truncated with them (RFC 2181 §9).
            response.removeRecord(withOptions, Section.ADDITIONAL);
            response.addRecord(plainOpt, Section.ADDITIONAL);
            byte[] plain = ResponseEncoder.encode(response, limit);
            if ((plain[2] & 0x02) == 0) {
                out = plain;
            } else {
                response.removeRecord(plainOpt, Section.ADDITIONAL);
                response.addRecord(withOptions, Section.ADDITIONAL);
            }
        }
        Record question = query.getQuestion();
        int qtype = question == null ? -1 : question.getType();
        metrics.query(ctx.transport(), qtype, response.getRcode(), zone == null ? null : zone.origin(),
                out.length, System.nanoTime() - ctx.received());
        if (queryLog.sample()) {
            queryLog.log(ctx.transport(), ctx.client(), question == null ? null : question.getName(), qtype,
                    response.getRcode(), out.length);
        }
        // RFC 1035 §4.1.1: TC is the 0x02 bit of the third header octet.
        if ((out[2] & 0x02) != 0) {
            metrics.truncated();
        }
        return out;
    }
}
