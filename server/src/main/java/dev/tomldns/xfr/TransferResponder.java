package dev.tomldns.xfr;

import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.RateLimitedLog;
import dev.tomldns.metrics.DnsMetrics.Direction;
import dev.tomldns.metrics.DnsMetrics.Outcome;
import dev.tomldns.security.TransferAcl;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.security.TsigVerification;
import dev.tomldns.zone.Zone;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Answers outbound zone transfers: AXFR (RFC 5936) and IXFR (RFC 1995), checked against each zone's
 * transfer ACL and signed with TSIG (RFC 8945) when the request was. Every request ends as one
 * {@link DnsMetrics#transfer} count (direction out): ok, refused (ACL, TSIG, AXFR over UDP, zone not
 * served here; each logged at INFO with the client and why, at most 10 lines per 10 s) or failed (malformed, or broken off).
 */
public final class TransferResponder {
    private static final Logger log = LoggerFactory.getLogger(TransferResponder.class);
    /** A UDP query's source is spoofable: refusals are logged at a bounded rate (per server), and counted exactly. */
    private final RateLimitedLog refusedLog = new RateLimitedLog(log, "refused transfer");
    private static final int MAX_MESSAGE = 65535;

    private final Function<Name, Zone> zones;
    private final Function<Name, TransferAcl> acls;
    private final TsigKeyring keyring;
    private final IxfrJournal journal;
    private final DnsMetrics metrics;
    private final AtomicLong fullTransfers = new AtomicLong();
    private final AtomicLong incrementalTransfers = new AtomicLong();

    /**
     * @param zones the zone currently served at exactly this origin, or null (secondaries included)
     * @param acls the transfer ACL of a zone
     * @param keyring the TSIG keys
     * @param journal IXFR history
     */
    public TransferResponder(Function<Name, Zone> zones, Function<Name, TransferAcl> acls,
            TsigKeyring keyring, IxfrJournal journal) {
        this(zones, acls, keyring, journal, DnsMetrics.NOOP);
    }

    /** As the four-argument constructor, counting each transfer's outcome in {@code metrics}. */
    public TransferResponder(Function<Name, Zone> zones, Function<Name, TransferAcl> acls,
            TsigKeyring keyring, IxfrJournal journal, DnsMetrics metrics) {
        this.zones = zones;
        this.acls = acls;
        this.keyring = keyring;
        this.journal = journal;
        this.metrics = metrics;
    }

    /** Full zone transfers sent (AXFR, and IXFR answered with the whole zone). */
    public long fullTransfers() {
        return fullTransfers.get();
    }

    /** IXFR answers sent as differences (RFC 1995 incremental form). */
    public long incrementalTransfers() {
        return incrementalTransfers.get();
    }

    /** True for the query types this responder handles (the query path's dispatch test). */
    public static boolean isTransfer(Message query) {
        Record q = query.getQuestion();
        return q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
    }

    /**
     * Answers a transfer request, writing each response message (without TCP length prefix) to
     * {@code sink} in order.
     *
     * @param query the parsed request
     * @param wire the request as received (needed to verify its TSIG)
     * @param client the client's address, for the ACL
     * @param tcp whether the request came over TCP
     */
    public void respond(Message query, byte[] wire, InetAddress client, boolean tcp, Consumer<byte[]> sink) {
        Record question = query.getQuestion();
        String type = Type.string(question.getType());
        TsigVerification tsig = keyring.verify(query, wire);
        if (tsig.failed()) {
            // RFC 8945 §5.2: a request whose TSIG does not verify gets NOTAUTH and the TSIG error.
            refused(type, question.getName(), client, "TSIG error " + Rcode.TSIGstring(tsig.error()));
            sink.accept(tsigError(query, tsig));
            return;
        }
        if (question.getDClass() != DClass.IN || query.getHeader().getCount(Section.QUESTION) != 1) {
            metrics.transfer(Direction.OUT, Outcome.FAILED);
            sink.accept(error(query, Rcode.FORMERR, tsig));
            return;
        }
        Zone zone = zones.apply(question.getName());
        if (zone == null) {
            // RFC 5936 §2.2.1: not authoritative for the requested zone.
            refused(type, question.getName(), client, "zone not served here (NOTAUTH)");
            sink.accept(error(query, Rcode.NOTAUTH, tsig));
            return;
        }
        boolean axfr = question.getType() == Type.AXFR;
        if (axfr && !tcp) {
            // RFC 5936 §4.2: AXFR is a TCP-only transaction.
            refused(type, zone.origin(), client, "AXFR over UDP");
            sink.accept(error(query, Rcode.REFUSED, tsig));
            return;
        }
        if (!acls.apply(zone.origin()).allows(client, tsig.keyName())) {
            refused(type, zone.origin(), client, tsig.keyName() == null ? "not in allow-transfer (unsigned)"
                    : "not in allow-transfer (key " + tsig.keyName() + ")");
            sink.accept(error(query, Rcode.REFUSED, tsig));
            return;
        }
        try {
            if (axfr) {
                axfr(query, zone, tsig, sink);
            } else {
                ixfr(query, zone, tsig, tcp, sink);
            }
        } catch (RuntimeException e) {
            // The client went away or a message could not be built: the transfer did not complete.
            metrics.transfer(Direction.OUT, Outcome.FAILED);
            throw e;
        }
    }

    /** One count and (rate-limited) one INFO line per refused transfer: who asked, for what, and why not. */
    private void refused(String type, Name zone, InetAddress client, String why) {
        refusedLog.info("{} of {} refused to {}: {}", type, zone, client.getHostAddress(), why);
        metrics.transfer(Direction.OUT, Outcome.REFUSED);
    }

    private void axfr(Message query, Zone zone, TsigVerification tsig, Consumer<byte[]> sink) {
        TransferStream out = new TransferStream(query, tsig.key(), tsig.requestTsig(), sink);
        // RFC 5936 §2.2: the SOA, every other record, the SOA again (the apex's records start with the SOA).
        zone.forEachRecord(out::add);
        out.add(zone.soa());
        // Counted before the last message leaves, so whoever saw the transfer end also sees the count.
        fullTransfers.incrementAndGet();
        metrics.transfer(Direction.OUT, Outcome.OK);
        int n = out.finish();
        log.info("AXFR of {} serial {} ({} records, {} messages)", zone.origin(), zone.serial(),
                zone.recordCount() + 1, n);
    }

    private void ixfr(Message query, Zone zone, TsigVerification tsig, boolean tcp, Consumer<byte[]> sink) {
        SOARecord clientSoa = query.getSection(Section.AUTHORITY).stream()
                .filter(r -> r.getType() == Type.SOA).map(SOARecord.class::cast).findFirst().orElse(null);
        if (clientSoa == null) {
            // RFC 1995 §3: the authority section carries the client's SOA; without it the query is malformed.
            metrics.transfer(Direction.OUT, Outcome.FAILED);
            sink.accept(error(query, Rcode.FORMERR, tsig));
            return;
        }
        long clientSerial = clientSoa.getSerial();
        if (Serial.compare(clientSerial, zone.serial()) >= 0 || !tcp) {
            TransferStream out = new TransferStream(query, tsig.key(), tsig.requestTsig(), sink);
            // RFC 1995 §2: the client is current: one SOA. RFC 1995 §4: over UDP we never build the
            // incremental answer; the single current SOA tells the client to retry over TCP.
            out.add(zone.soa());
            metrics.transfer(Direction.OUT, Outcome.OK);
            out.finish();
            return;
        }
        Optional<List<ZoneDiff>> chain = journal.chain(zone.origin(), clientSerial, zone.serial());
        if (chain.isEmpty()) {
            // RFC 1995 §4: history does not reach the client's serial: send the whole zone, AXFR-style.
            log.info("IXFR of {} from serial {}: not in history, full transfer of {}", zone.origin(), clientSerial,
                    zone.serial());
            axfr(query, zone, tsig, sink);
            return;
        }
        TransferStream out = new TransferStream(query, tsig.key(), tsig.requestTsig(), sink);
        out.add(zone.soa());
        for (ZoneDiff diff : chain.get()) {
            out.add(diff.from());
            diff.deleted().forEach(out::add);
            out.add(diff.to());
            diff.added().forEach(out::add);
        }
        out.add(zone.soa());
        // Counted before the last message leaves, so whoever saw the transfer end also sees the count.
        incrementalTransfers.incrementAndGet();
        metrics.transfer(Direction.OUT, Outcome.OK);
        int n = out.finish();
        log.info("IXFR of {} from {} to {} ({} diffs, {} messages)", zone.origin(), clientSerial, zone.serial(),
                chain.get().size(), n);
    }

    private static Message header(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        m.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            m.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return m;
    }

    /**
     * A reply of header and question (UPDATE: zone section) only, with {@code rcode}, signed when the request
     * verified (RFC 8945 §5.3); dynamic update answers take this form too.
     */
    public static byte[] error(Message query, int rcode, TsigVerification tsig) {
        Message m = header(query, rcode);
        if (tsig.verified()) {
            m.setTSIG(tsig.key(), Rcode.NOERROR, tsig.requestTsig());
        }
        // toWire(int) is the dnsjava call that applies the TSIG set above; toWire() would send it unsigned.
        return m.toWire(MAX_MESSAGE);
    }

    /** RFC 8945 §5.2: NOTAUTH with a TSIG record carrying the error and, for BADKEY/BADSIG, no MAC. */
    public static byte[] tsigError(Message query, TsigVerification tsig) {
        Message m = header(query, Rcode.NOTAUTH);
        TSIGRecord req = tsig.requestTsig();
        try {
            TSIG echo = tsig.key() != null ? tsig.key()
                    : new TSIG(req.getAlgorithm(), req.getName(), new byte[] {0});
            m.setTSIG(echo, tsig.error(), req);
        } catch (RuntimeException unknownAlgorithm) {
            // An algorithm dnsjava does not know cannot even be echoed; NOTAUTH alone still refuses.
        }
        return m.toWire(MAX_MESSAGE);
    }
}
