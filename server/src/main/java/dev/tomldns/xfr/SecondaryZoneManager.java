package dev.tomldns.xfr;

import dev.tomldns.config.SecondaryConfig;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.DnsMetrics.Direction;
import dev.tomldns.metrics.DnsMetrics.Outcome;
import dev.tomldns.metrics.RateLimitedLog;
import dev.tomldns.query.OpcodeHandler;
import dev.tomldns.query.QueryContext;
import dev.tomldns.security.TsigKey;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.security.TsigVerification;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Keeps the configured secondary zones (RFC 1034 §4.3.5): at start and on each SOA refresh timer
 * it asks a primary for the SOA, transfers with IXFR (falling back to AXFR) when the serial rose,
 * verifies the result, swaps it into the catalog whole and persists it. Failures retry after the
 * SOA retry interval; after expire without a successful refresh the zone answers SERVFAIL. NOTIFY
 * (RFC 1996) from a configured primary triggers a refresh at once.
 *
 * <p>Each transfer in and each NOTIFY received ends as one {@link DnsMetrics} count; whether each zone is served
 * (and at which serial) goes to a {@link SecondaryStatus}, for readiness and the serial gauge.
 *
 * <p>All refreshes run on one scheduler thread, so a zone's state is only ever changed there.
 */
public final class SecondaryZoneManager implements OpcodeHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SecondaryZoneManager.class);
    /** NOTIFY's source address is spoofable: refusals are logged at a bounded rate (per server), and counted exactly. */
    private final RateLimitedLog refusedLog = new RateLimitedLog(log, "refused NOTIFY");
    /** Until a first copy exists there is no SOA to take timers from: retry this often. */
    private static final Duration NO_COPY_RETRY = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

    private final Map<Name, State> zones = new LinkedHashMap<>();
    private final TsigKeyring keyring;
    private final ZoneRegistry registry;
    private final ZoneFileStore store;
    private final ZoneChangeListener onChange;
    private final DnsMetrics metrics;
    private final SecondaryStatus status;
    private final Set<Name> expired = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tomldns-secondary");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param onChange told after each new version is swapped in (IXFR journal, NOTIFY onward)
     */
    public SecondaryZoneManager(List<SecondaryConfig> secondaries, TsigKeyring keyring, ZoneRegistry registry,
            ZoneFileStore store, ZoneChangeListener onChange) {
        this(secondaries, keyring, registry, store, onChange, DnsMetrics.NOOP, SecondaryStatus.NONE);
    }

    /**
     * @param onChange told after each new version is swapped in (IXFR journal, NOTIFY onward)
     * @param metrics  counts transfers in and NOTIFY received
     * @param status   told when each zone becomes served or stops being served
     */
    public SecondaryZoneManager(List<SecondaryConfig> secondaries, TsigKeyring keyring, ZoneRegistry registry,
            ZoneFileStore store, ZoneChangeListener onChange, DnsMetrics metrics, SecondaryStatus status) {
        this.keyring = keyring;
        this.registry = registry;
        this.store = store;
        this.onChange = onChange;
        this.metrics = metrics;
        this.status = status;
        for (SecondaryConfig c : secondaries) {
            zones.put(c.zone(), new State(c));
        }
    }

    /** Serves the persisted copies, then starts a refresh of every zone. */
    public void start() {
        for (State s : zones.values()) {
            loadPersisted(s);
            if (s.zone == null) {
                status.notServing(s.config.zone(), "secondary: no copy yet, transfer from " + s.config.primaries()
                        + " pending");
            } else if (!expired.contains(s.config.zone())) {
                status.serving(s.config.zone(), s.zone.serial());
            }
            scheduler.execute(() -> refresh(s));
        }
    }

    /** How the zone's current copy last arrived: {@link Type#AXFR}, {@link Type#IXFR}, or 0 (stored copy / none). */
    public int lastTransferType(Name zone) {
        State s = zones.get(zone);
        return s == null ? 0 : s.lastTransferType;
    }

    /** The secondary zones past their expire time: their names answer SERVFAIL. */
    public Set<Name> expired() {
        return expired;
    }

    public boolean isSecondary(Name zone) {
        return zones.containsKey(zone);
    }

    /** Triggers a refresh now (as NOTIFY does); returns false when the zone is not a secondary here. */
    public boolean refreshNow(Name zone) {
        State s = zones.get(zone);
        if (s == null) {
            return false;
        }
        scheduler.execute(() -> refresh(s));
        return true;
    }

    private void loadPersisted(State s) {
        try {
            store.load(s.config.zone()).ifPresent(stored -> {
                s.zone = stored.zone();
                s.lastSuccess = stored.refreshed();
                if (isPastExpire(s)) {
                    markExpired(s);
                    return;
                }
                registry.update(c -> c.with(stored.zone()));
                scheduleExpire(s);
                log.info("secondary {}: serving stored copy serial {} from {}", s.config.zone(), stored.zone().serial(),
                        store.fileOf(s.config.zone()));
            });
        } catch (IOException | RuntimeException e) {
            log.warn("secondary {}: stored copy unusable, transferring anew: {}", s.config.zone(),
                    PeerFailure.why(e, QUERY_TIMEOUT));
            log.debug("secondary {}: stored copy unusable", s.config.zone(), e);
        }
    }

    /** RFC 1034 §4.3.5: check the primaries' SOA serial and transfer when it rose. */
    private void refresh(State s) {
        if (s.timer != null) {
            s.timer.cancel(false);
        }
        Name origin = s.config.zone();
        String lastError = "no primary";
        for (InetSocketAddress primary : s.config.primaries()) {
            try {
                long serial = primarySerial(s, primary);
                if (s.zone != null && Serial.compare(serial, s.zone.serial()) <= 0) {
                    log.debug("secondary {}: {} has serial {}, ours {}: current", origin, primary, serial, s.zone.serial());
                    succeeded(s);
                    return;
                }
                Zone fresh = countedTransfer(s, primary);
                install(s, fresh);
                succeeded(s);
                return;
            } catch (Exception e) {
                String why = PeerFailure.why(e, QUERY_TIMEOUT);
                log.warn("secondary {}: refresh from {} failed{}: {}", origin, PeerFailure.where(primary),
                        s.zone == null ? "" : ", still serving serial " + s.zone.serial(), why);
                log.debug("secondary {}: refresh from {} failed", origin, primary, e);
                lastError = PeerFailure.where(primary) + ": " + why;
            }
        }
        failed(s, lastError);
    }

    private long primarySerial(State s, InetSocketAddress primary) throws IOException {
        SimpleResolver r = new SimpleResolver(primary);
        r.setTimeout(QUERY_TIMEOUT);
        TSIG tsig = tsig(s);
        if (tsig != null) {
            r.setTSIGKey(tsig);
        }
        Message response = r.send(Message.newQuery(Record.newRecord(s.config.zone(), Type.SOA, DClass.IN)));
        if (response.getRcode() != Rcode.NOERROR) {
            throw new IOException("SOA query answered " + Rcode.string(response.getRcode()));
        }
        if (tsig != null && !response.isVerified()) {
            throw new IOException("SOA answer not signed with " + s.config.key());
        }
        return response.getSection(Section.ANSWER).stream()
                .filter(rr -> rr.getType() == Type.SOA && rr.getName().equals(s.config.zone()))
                .mapToLong(rr -> ((SOARecord) rr).getSerial())
                .findFirst().orElseThrow(() -> new IOException("no SOA in the answer"));
    }

    /** {@link #transfer}, counted: ok, refused (the primary answered REFUSED or NOTAUTH) or failed. */
    private Zone countedTransfer(State s, InetSocketAddress primary) throws Exception {
        try {
            Zone fresh = transfer(s, primary);
            metrics.transfer(Direction.IN, Outcome.OK);
            return fresh;
        } catch (ZoneTransferException e) {
            // dnsjava reports the primary's error rcode as the message ("REFUSED", "NOTAUTH").
            int rcode = Rcode.value(String.valueOf(e.getMessage()));
            metrics.transfer(Direction.IN, rcode < 0 ? Outcome.FAILED : Outcome.ofRcode(rcode));
            throw e;
        } catch (Exception e) {
            metrics.transfer(Direction.IN, Outcome.FAILED);
            throw e;
        }
    }

    /**
     * IXFR from our serial (dnsjava falls back to AXFR when the primary answers with a full zone), within the zone's
     * transfer limits: a transfer over one is cut off there and fails, and the copy we have stays.
     */
    private Zone transfer(State s, InetSocketAddress primary) throws Exception {
        Name origin = s.config.zone();
        ZoneTransferIn xfr = s.zone == null
                ? ZoneTransferIn.newAXFR(origin, primary, tsig(s))
                : ZoneTransferIn.newIXFR(origin, s.zone.serial(), true, primary, tsig(s));
        // dnsjava's timeout bounds the whole transfer (connect to last message), as max-transfer-seconds means.
        xfr.setTimeout(s.config.limits().maxTime());
        IncomingTransfer in = new IncomingTransfer(origin, s.config.limits());
        try {
            xfr.run(in);
        } catch (java.net.SocketTimeoutException e) {
            throw new ZoneTransferException("transfer of " + origin + " cut off: not complete within "
                    + s.config.limits().maxTime().toSeconds() + " s (max-transfer-seconds)");
        }
        if (in.isAxfr()) {
            log.info("secondary {}: AXFR from {} ({} records)", origin, PeerFailure.where(primary), in.records());
            s.lastTransferType = Type.AXFR;
            return in.axfrZone();
        }
        if (in.isCurrent()) {
            return s.zone;
        }
        log.info("secondary {}: IXFR from {} ({} deltas)", origin, PeerFailure.where(primary), in.deltas());
        s.lastTransferType = Type.IXFR;
        return in.ixfrZone(s.zone);
    }

    private void install(State s, Zone fresh) {
        Zone old = s.zone;
        if (old == fresh) {
            return;
        }
        s.zone = fresh;
        registry.update(c -> c.with(fresh));
        log.info("secondary {}: now serving serial {}", fresh.origin(), fresh.serial());
        if (!expired.contains(fresh.origin())) {
            status.serving(fresh.origin(), fresh.serial());
        }
        try {
            store.save(fresh);
        } catch (IOException e) {
            log.warn("secondary {}: could not store a copy ({}); serving it, but a restart transfers it anew",
                    fresh.origin(), StateDirectory.why(e));
        }
        onChange.zoneChanged(old, fresh);
    }

    private void succeeded(State s) {
        s.lastSuccess = Instant.now();
        if (expired.remove(s.config.zone()) && s.zone != null) {
            registry.update(c -> c.with(s.zone));
            log.info("secondary {}: refreshed, serving again", s.config.zone());
            status.serving(s.config.zone(), s.zone.serial());
        }
        touch(s);
        scheduleExpire(s);
        schedule(s, Duration.ofSeconds(s.zone.soa().getRefresh()));
    }

    private void failed(State s, String why) {
        if (isPastExpire(s)) {
            markExpired(s);
        }
        if (s.zone == null) {
            status.notServing(s.config.zone(), "secondary: no copy yet, last transfer attempt failed: " + why);
        }
        schedule(s, s.zone == null ? NO_COPY_RETRY : Duration.ofSeconds(s.zone.soa().getRetry()));
    }

    private boolean isPastExpire(State s) {
        return s.zone != null && s.lastSuccess != null
                && Instant.now().isAfter(s.lastSuccess.plusSeconds(s.zone.soa().getExpire()));
    }

    /** RFC 1034 §4.3.5: an expired copy must not be served; SERVFAIL tells resolvers to try elsewhere. */
    private void markExpired(State s) {
        if (expired.add(s.config.zone())) {
            registry.update(c -> c.expire(s.config.zone()));
            log.warn("secondary {}: expired (no successful refresh since {}): answering SERVFAIL", s.config.zone(),
                    s.lastSuccess);
            status.notServing(s.config.zone(), "secondary: expired, no successful refresh since " + s.lastSuccess);
        }
    }

    private void scheduleExpire(State s) {
        if (s.expiry != null) {
            s.expiry.cancel(false);
        }
        long delay = Duration.between(Instant.now(), s.lastSuccess.plusSeconds(s.zone.soa().getExpire())).toMillis();
        s.expiry = scheduler.schedule(() -> {
            if (isPastExpire(s)) {
                markExpired(s);
            }
        }, Math.max(0, delay) + 1, TimeUnit.MILLISECONDS);
    }

    private void schedule(State s, Duration delay) {
        // SOA timers of 0 would spin: at least one second between attempts.
        long ms = Math.max(1000, delay.toMillis());
        s.timer = scheduler.schedule(() -> refresh(s), ms, TimeUnit.MILLISECONDS);
    }

    /** The stored file's time stands for the last successful refresh across restarts. */
    private void touch(State s) {
        try {
            if (Files.exists(store.fileOf(s.config.zone()))) {
                Files.setLastModifiedTime(store.fileOf(s.config.zone()), FileTime.from(s.lastSuccess));
            }
        } catch (IOException e) {
            log.debug("secondary {}: cannot touch stored copy: {}", s.config.zone(), e.toString());
        }
    }

    private TSIG tsig(State s) {
        return s.config.key() == null ? null : keyring.get(s.config.key()).map(TsigKey::toTsig).orElse(null);
    }

    /**
     * RFC 1996 §3.10/§4: NOTIFY is taken only from a configured primary's address (and, when the
     * zone has a key, only signed with it); the answer echoes the question with AA set.
     */
    @Override
    public byte[] handle(Message query, byte[] wire, QueryContext ctx) {
        TsigVerification tsig = keyring.verify(query, wire);
        Record q = query.getQuestion();
        if (tsig.failed()) {
            refusedNotify(q, ctx, "TSIG error " + Rcode.TSIGstring(tsig.error()));
            return TransferResponder.tsigError(query, tsig);
        }
        State s = q == null ? null : zones.get(q.getName());
        String why = s == null ? "not a secondary zone here"
                : !fromPrimary(s, ctx.client()) ? "not from a configured primary " + s.config.primaries()
                : s.config.key() != null && !s.config.key().equals(tsig.keyName())
                        ? "not signed with key " + s.config.key() : null;
        if (why != null) {
            refusedNotify(q, ctx, why);
            return TransferResponder.error(query, Rcode.REFUSED, tsig);
        }
        metrics.notify(Direction.IN, Outcome.OK);
        log.info("NOTIFY for {} from {}: refreshing", s.config.zone(), ctx.client());
        scheduler.execute(() -> refresh(s));
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.getHeader().setOpcode(Opcode.NOTIFY);
        reply.addRecord(q, Section.QUESTION);
        if (tsig.verified()) {
            reply.setTSIG(tsig.key(), Rcode.NOERROR, tsig.requestTsig());
        }
        return reply.toWire(65535); // toWire(int) applies the TSIG
    }

    /** One count and (rate-limited) one INFO line per refused NOTIFY: from whom, for which zone, and why not. */
    private void refusedNotify(Record question, QueryContext ctx, String why) {
        refusedLog.info("NOTIFY for {} from {} refused: {}", question == null ? "?" : question.getName(),
                ctx.client().getAddress().getHostAddress(), why);
        metrics.notify(Direction.IN, Outcome.REFUSED);
    }

    private static boolean fromPrimary(State s, InetSocketAddress client) {
        return s.config.primaries().stream().anyMatch(p -> p.getAddress().equals(client.getAddress()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mutable per-zone state, touched only on the scheduler thread (zone is read by NOTIFY logging only). */
    private static final class State {
        final SecondaryConfig config;
        volatile Zone zone;
        volatile Instant lastSuccess;
        volatile int lastTransferType;
        ScheduledFuture<?> timer;
        ScheduledFuture<?> expiry;

        State(SecondaryConfig config) {
            this.config = config;
        }
    }
}
