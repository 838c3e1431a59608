package dev.tomldns.update;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.UpdateGrant;
import dev.tomldns.lint.Finding;
import dev.tomldns.lint.ZoneLint;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.RateLimitedLog;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.Stage;
import dev.tomldns.reload.ManagedSerial;
import dev.tomldns.reload.Reloader;
import dev.tomldns.security.TsigVerification;
import dev.tomldns.wire.Transport;
import dev.tomldns.xfr.TransferResponder;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * Answers UPDATE messages (RFC 2136) for the zones served from files: the zone section (§3.1), the TSIG signature
 * (RFC 8945), the grants of the server configuration (§3.3), the prerequisites (§3.2), the prescan and the update
 * itself (§3.4), all or nothing (§3.7), with the SOA serial raised once per update that changes the zone (§3.6).
 *
 * <p>A change is answered NOERROR only once it is on disk: its zone's {@link DynamicRecords} file is written and
 * forced before the new version is served. The new version goes to the {@link Reloader}, which serves it and tells
 * its listeners as it would after a reload (IXFR journal, NOTIFY).
 *
 * <p>The query path never waits for an update: this stage hands each UPDATE, over UDP and TCP, to the server's one
 * update thread, which checks, applies and forces it to disk and then sends the reply through
 * {@link QueryContext#later()}. One thread is enough and is what §3.7 needs anyway: updates of one zone are applied
 * one after the other, whole. At most {@link #QUEUE_LIMIT} updates wait for it; past that an UPDATE over UDP is
 * dropped, as BIND drops updates past its {@code update-quota} (a flood gets nothing back, and a real client retries
 * after its timeout), and one over TCP, whose source is not spoofed, is answered SERVFAIL so that its client
 * does not wait; both are counted as {@code dns_updates_total{result="overloaded"}}.
 */
public final class UpdateService implements Stage, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpdateService.class);
    /** Updates that may wait for the update thread: BIND's {@code update-quota} default of outstanding updates. */
    public static final int QUEUE_LIMIT = 100;

    private final ZoneRegistry registry;
    private final Reloader reloader;
    private final ServerConfig config;
    private final DynamicZones dynamic;
    private final DnsMetrics metrics;
    private final boolean strict;
    private final Clock clock;
    private final RateLimitedLog overloadLog = new RateLimitedLog(log, "update queue full");
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_LIMIT), r -> {
                Thread t = new Thread(r, "tomldns-update");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());

    /**
     * @param strict refuse an update that would give a policy record (CAA, SPF, DMARC, ...) a lint error
     */
    public UpdateService(ZoneRegistry registry, Reloader reloader, ServerConfig config, DynamicZones dynamic,
            DnsMetrics metrics, boolean strict, Clock clock) {
        this.registry = registry;
        this.reloader = reloader;
        this.config = config;
        this.dynamic = dynamic;
        this.metrics = metrics;
        this.strict = strict;
        this.clock = clock;
    }

    /** The outcome of one update, filled in under the reload lock. */
    private static final class Outcome {
        int rcode = Rcode.NOERROR;
        String result = "unchanged";
        String why;
        Zone applied;
        Zone before;
        /** Writes the change to disk; run only once the new version is signed (or needs no signing). */
        Runnable persist = () -> { };
    }

    /** RFC 2136 §2.2: opcode UPDATE is this stage's. */
    @Override
    public boolean claims(Message query) {
        return query.getHeader().getOpcode() == Opcode.UPDATE;
    }

    /**
     * Queues the update for the update thread and returns {@code null}: the reply follows through
     * {@link QueryContext#later()} once the change is durable. Without {@code later} (no event loop to protect) the
     * update runs on the caller's thread and the reply is returned.
     */
    @Override
    public byte[] handle(Message message, byte[] wire, QueryContext ctx) {
        Consumer<byte[]> later = ctx.later();
        if (later == null) {
            return answer(message, wire, ctx);
        }
        try {
            worker.execute(() -> send(later, answer(message, wire, ctx), ctx));
            return null;
        } catch (RejectedExecutionException full) {
            Name zone = servedZone(message);
            metrics.update(zone, "overloaded");
            boolean tcp = ctx.transport() == Transport.TCP;
            overloadLog.info("update {}: {} updates already wait for the update thread; from {}",
                    tcp ? "answered SERVFAIL" : "dropped", QUEUE_LIMIT, ctx.client());
            return tcp ? TransferResponder.error(message, Rcode.SERVFAIL, TsigVerification.UNSIGNED) : null;
        }
    }

    private static void send(Consumer<byte[]> later, byte[] reply, QueryContext ctx) {
        try {
            later.accept(reply);
        } catch (RuntimeException e) {
            // The change, if any, is durable already; the client hears nothing and retries (a retried add is a no-op).
            log.warn("update reply to {} not sent: {}", ctx.client(), e.toString());
        }
    }

    /** The served zone the message's zone section names, for the metric's zone tag; null for any other name. */
    private Name servedZone(Message message) {
        Record zoneRr = message.getQuestion();
        Zone zone = zoneRr == null ? null : registry.current().zone(zoneRr.getName());
        return zone == null ? null : zone.origin();
    }

    /** Never throws: an unexpected failure is logged and answered SERVFAIL, with nothing applied. */
    private byte[] answer(Message message, byte[] wire, QueryContext ctx) {
        try {
            return process(message, wire, ctx);
        } catch (RuntimeException e) {
            log.error("update from {} failed, nothing applied: {}", ctx.client(), e.toString(), e);
            metrics.update(servedZone(message), "servfail");
            return TransferResponder.error(message, Rcode.SERVFAIL, TsigVerification.UNSIGNED);
        }
    }

    private synchronized byte[] process(Message message, byte[] wire, QueryContext ctx) {
        Header h = message.getHeader();
        Record zoneRr = message.getQuestion();
        // RFC 2136 §3.1.1: exactly one zone, named by an SOA-typed RR.
        if (h.getCount(Section.ZONE) != 1 || zoneRr == null || zoneRr.getType() != Type.SOA) {
            metrics.update(null, "formerr");
            return TransferResponder.error(message, Rcode.FORMERR, TsigVerification.UNSIGNED);
        }
        TsigVerification tsig = config.keys().verify(message, wire);
        Name zoneName = zoneRr.getName();
        if (tsig.failed()) {
            // RFC 8945 §5.2: NOTAUTH with the TSIG error (BADKEY, BADSIG, BADTIME).
            log.warn("update refused: zone {}, key {}: signature did not verify ({}) from {}", zoneName,
                    tsig.requestTsig().getName(), Rcode.TSIGstring(tsig.error()), ctx.client());
            metrics.update(servedZone(message), "notauth");
            return TransferResponder.tsigError(message, tsig);
        }
        Name key = tsig.keyName();
        String who = key == null ? "unsigned" : "key " + key;
        Zone zone = registry.current().zone(zoneName);
        if (zoneRr.getDClass() != DClass.IN || zone == null || config.secondary(zoneName).isPresent()) {
            // RFC 2136 §3.1.2: not authoritative (as primary) for that zone. A secondary's updates go to its
            // primary; they are not forwarded (§6 allows either).
            String what = zone == null ? "not served here" : "a secondary zone here (send updates to its primary)";
            log.warn("update refused: zone {} is {}; {} from {}", zoneName, what, who, ctx.client());
            metrics.update(zone == null ? null : zone.origin(), "notauth");
            return TransferResponder.error(message, Rcode.NOTAUTH, tsig);
        }
        List<UpdateGrant> grants = config.grantsFor(zone.origin());
        if (key == null || grants.stream().noneMatch(g -> g.key().equals(key))) {
            // RFC 2136 §3.3: no permission. Refused before the prerequisites, so that a stranger learns nothing.
            log.warn("update refused: zone {}: {} has no allow-update grant there; from {}", zoneName, who,
                    ctx.client());
            metrics.update(zone.origin(), "refused");
            return TransferResponder.error(message, Rcode.REFUSED, tsig);
        }
        List<Record> prerequisites = message.getSection(Section.PREREQ);
        List<Record> updates = message.getSection(Section.UPDATE);
        int prescan = UpdateSection.prescan(updates, zone.origin());
        if (prescan != Rcode.NOERROR) {
            log.info("update rejected: zone {}, {}: {} in the update section, from {}", zoneName, who,
                    Rcode.string(prescan), ctx.client());
            metrics.update(zone.origin(), prescan == Rcode.FORMERR ? "formerr" : "notzone");
            return TransferResponder.error(message, prescan, tsig);
        }
        Outcome out = new Outcome();
        Zone served;
        try {
            served = reloader.edit(zone.origin(), (current, managed) -> {
                out.before = current;
                return apply(current, managed, key, prerequisites, updates, out);
            }, signed -> out.persist.run());
        } catch (Reloader.SigningFailure e) {
            // The new version could not be signed (a signed zone, RFC 4035 §2): nothing was written or swapped in,
            // the last signed version stays served. SERVFAIL, as RFC 2136 §3 has for an update not applied.
            log.error("update of zone {} by {} from {}: not applied (answered SERVFAIL), the zone could not be "
                    + "signed: {}", zoneName, who, ctx.client(), e.getMessage());
            metrics.update(zone.origin(), "servfail");
            return TransferResponder.error(message, Rcode.SERVFAIL, tsig);
        }
        if (served == null) {
            log.warn("update refused: zone {} is not served from a zone file; {} from {}", zoneName, who,
                    ctx.client());
            metrics.update(zone.origin(), "notauth");
            return TransferResponder.error(message, Rcode.NOTAUTH, tsig);
        }
        if (out.applied != null) {
            log.info("update of zone {} by {} from {}: serial {} -> {}: {}", zoneName, who, ctx.client(),
                    out.before.serial(), out.applied.serial(), out.why);
        } else if (out.rcode == Rcode.REFUSED) {
            log.warn("update refused: zone {}, {}: {}; from {}", zoneName, who, out.why, ctx.client());
        } else if (out.rcode == Rcode.NOERROR) {
            log.info("update of zone {} by {} from {}: no change (serial stays {})", zoneName, who, ctx.client(),
                    served.serial());
        } else if (out.rcode != Rcode.NOERROR) {
            log.info("update of zone {} by {} from {}: {}{}", zoneName, who, ctx.client(), Rcode.string(out.rcode),
                    out.why == null ? "" : ": " + out.why);
        }
        metrics.update(zone.origin(), out.result);
        return TransferResponder.error(message, out.rcode, tsig);
    }

    /** Under the reload lock: the new version of {@code current}, or null to leave it; {@code out} says why. */
    private Zone apply(Zone current, boolean managedSerial, Name key, List<Record> prerequisites,
            List<Record> updates, Outcome out) {
        int pre = Prerequisites.check(prerequisites, current);
        if (pre != Rcode.NOERROR) {
            out.rcode = pre;
            out.result = pre == Rcode.FORMERR ? "formerr" : pre == Rcode.NOTZONE ? "notzone" : "prerequisite";
            out.why = "prerequisite not met";
            return null;
        }
        List<UpdateGrant> grants = config.grantsFor(current.origin());
        UpdateSection work = new UpdateSection(current);
        // RFC 2136 §3.3: every RR of the update section must be permitted before any is applied.
        for (Record rr : updates) {
            String denied = denied(grants, key, rr, work, current.origin());
            if (denied != null) {
                out.rcode = Rcode.REFUSED;
                out.result = "refused";
                out.why = denied;
                return null;
            }
        }
        for (Record rr : updates) {
            work.apply(rr);
        }
        Map<RRsetKey, List<Record>> changed = work.changed();
        if (changed.isEmpty() && !work.soaReplaced()) {
            return null; // NOERROR: nothing to change (RFC 2136 §3.4.2.7 no-ops), the serial stays
        }
        SOARecord oldSoa = current.soa();
        if (work.soaReplaced() && !sameButSerial(oldSoa, work.soa())) {
            // Only the serial of an SOA sent by update is kept (it lives in the dynamic records file); its other
            // fields belong to the zone file's [soa] table, where they would otherwise be undone at the next load.
            out.rcode = Rcode.REFUSED;
            out.result = "refused";
            out.why = "an update may raise the SOA serial but not change other SOA fields; edit the zone file's "
                    + "[soa] table for those";
            return null;
        }
        // RFC 2136 §3.6: raised once per update, unless the update set a greater one itself.
        long serial = work.soaReplaced() ? work.soa().getSerial()
                : managedSerial ? ManagedSerial.next(current.serial(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                : Serial.increment(current.serial());
        Zone next = work.build(serial);
        if (strict) {
            List<String> lint = newLintErrors(current, next);
            if (!lint.isEmpty()) {
                out.rcode = Rcode.REFUSED;
                out.result = "refused";
                out.why = "with --strict, a policy record may not get a lint error: " + String.join("; ", lint);
                return null;
            }
        }
        out.persist = () -> persist(current.origin(), changed, work, serial);
        out.applied = next;
        out.result = "applied";
        out.why = describe(changed, work);
        return next;
    }

    /** Why {@code rr} is not permitted for {@code key}, or null when a grant covers it. */
    private static String denied(List<UpdateGrant> grants, Name key, Record rr, UpdateSection work, Name origin) {
        Name name = rr.getName();
        Set<Integer> types = new LinkedHashSet<>();
        if (rr.getDClass() == DClass.ANY && rr.getType() == Type.ANY) {
            // Deleting every RRset at a name needs a grant for each type there (the apex NS stays anyway).
            for (int t : work.typesAt(name)) {
                if (!(name.equals(origin) && t == Type.NS)) {
                    types.add(t);
                }
            }
            if (types.isEmpty() && grants.stream().anyMatch(g -> g.key().equals(key)
                    && g.names().stream().anyMatch(n -> n.matches(name)))) {
                return null;
            }
            if (types.isEmpty()) {
                types.add(Type.ANY);
            }
        } else {
            types.add(rr.getType());
        }
        for (int t : types) {
            if (grants.stream().noneMatch(g -> g.allows(key, name, t))) {
                return "key " + key + " may not change " + name + " " + Type.string(t);
            }
        }
        return null;
    }

    private static boolean sameButSerial(SOARecord a, SOARecord b) {
        return a.getHost().equals(b.getHost()) && a.getAdmin().equals(b.getAdmin())
                && a.getRefresh() == b.getRefresh() && a.getRetry() == b.getRetry()
                && a.getExpire() == b.getExpire() && a.getMinimum() == b.getMinimum() && a.getTTL() == b.getTTL();
    }

    /** Writes the zone's dynamic records with this update's RRsets and serial, forced to disk. */
    private void persist(Name origin, Map<RRsetKey, List<Record>> changed, UpdateSection work, long serial) {
        try {
            DynamicRecords records = dynamic.load(origin);
            for (Map.Entry<RRsetKey, List<Record>> e : changed.entrySet()) {
                records.record(e.getKey(), e.getValue(), work.rrset(e.getKey().name(), e.getKey().type()));
            }
            records.setSerial(serial);
            dynamic.save(records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dynamic records of " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The policy lint's errors that {@code next} has and {@code current} had not. */
    private static List<String> newLintErrors(Zone current, Zone next) {
        Set<String> before = lintErrors(current).stream().map(UpdateService::withoutPlace).collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        for (Finding f : lintErrors(next)) {
            if (!before.contains(withoutPlace(f))) {
                out.add(f.message() + " [" + f.rule() + "]");
            }
        }
        return out;
    }

    private static String withoutPlace(Finding f) {
        return f.rule() + " " + f.message();
    }

    private static List<Finding> lintErrors(Zone zone) {
        List<SourcedRecord> records = new ArrayList<>();
        zone.forEachRecord(r -> records.add(new SourcedRecord(r, 0)));
        ZoneFile zf = new ZoneFile(java.nio.file.Path.of("dynamic update of " + zone.origin()), zone, List.of(),
                records, false);
        return ZoneLint.findings(List.of(zf)).stream().filter(Finding::isError).toList();
    }

    private static String describe(Map<RRsetKey, List<Record>> changed, UpdateSection work) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<RRsetKey, List<Record>> e : changed.entrySet()) {
            int now = work.rrset(e.getKey().name(), e.getKey().type()).size();
            parts.add(e.getKey() + (now == 0 ? " deleted" : " now " + now + " record(s)"));
        }
        if (work.soaReplaced()) {
            parts.add("SOA serial set");
        }
        return String.join(", ", parts);
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
