package dev.tomldns.dnssec.sign;

import dev.tomldns.reload.Reloader;
import dev.tomldns.reload.SerialArithmetic;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.zone.Zone;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Online signing of the zones whose {@code [[zone]]} entry says {@code dnssec}: the {@link Reloader.Signer} that
 * signs each new version of such a zone (load, reload, dynamic update) before it is swapped in, so no version is
 * ever served half-signed, and the refresh that signs again, before they expire, the signatures about to enter
 * their refresh window. All of it runs on the reload thread or this class's own thread, never on an event loop.
 *
 * <p>Serials: every new signed version has a serial above the one served before it (RFC 1982), and above the last
 * one this server published for the zone (kept in the key folder, {@link SignedSerials}), so secondaries always
 * transfer new signatures, also after a restart.
 */
public final class OnlineSigning implements Reloader.Signer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnlineSigning.class);
    /** How often the refresh looks for zones due (signatures are refreshed days ahead; a minute is plenty). */
    static final long CHECK_SECONDS = 60;

    private final Map<Name, SigningPolicy> policies;
    private final ZoneKeyStore store;
    private final SignedSerials serials;
    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom();
    private final Map<Name, List<SigningKey>> keys = new ConcurrentHashMap<>();
    private final Map<Name, ZoneSigner.Signed> latest = new ConcurrentHashMap<>();
    /** Zones whose KSK (or CSK) successor waits for its DS: their key file is read at each check. */
    private final java.util.Set<Name> waitingForDs = ConcurrentHashMap.newKeySet();
    /** When the parent was last asked for the DS of a waiting successor, per zone. */
    private final Map<Name, Instant> parentAsked = new ConcurrentHashMap<>();
    /** How often the parent is asked for a waiting successor's DS (Knot's ksk-submission check-interval). */
    static final java.time.Duration PARENT_CHECK = java.time.Duration.ofHours(1);
    private volatile Reloader reloader;
    private ScheduledExecutorService refresher;

    public OnlineSigning(Map<Name, SigningPolicy> policies, ZoneKeyStore store, Clock clock) {
        this.policies = Map.copyOf(policies);
        this.store = store;
        this.serials = new SignedSerials(store);
        this.clock = clock;
    }

    /**
     * Signing for {@code policies} with keys in {@code state}, installed in {@code reloader} (before its first
     * load), with its refresh thread started; {@code null} when no zone is signed.
     *
     * @throws SigningException when zones are to be signed but the state directory is the zones folder
     */
    public static OnlineSigning install(Map<Name, SigningPolicy> policies, StateDirectory state, Reloader reloader,
            Clock clock) throws SigningException {
        if (policies.isEmpty()) {
            return null;
        }
        OnlineSigning signing = new OnlineSigning(policies, ZoneKeyStore.in(state), clock);
        signing.attach(reloader);
        signing.startRefresh();
        return signing;
    }

    /** Signs the new versions {@code reloader} makes; {@link #refreshDue} re-signs through it. */
    public void attach(Reloader reloader) {
        this.reloader = reloader;
        reloader.setSigner(this);
    }

    /** Runs {@link #refreshDue} every minute on a thread of its own. */
    public synchronized void startRefresh() {
        if (refresher != null) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dnssec-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refreshDue();
            } catch (RuntimeException e) {
                log.error("dnssec: refreshing signatures failed: {}", e.toString());
            }
        }, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** Whether {@code zone} is signed here. */
    public boolean signs(Name zone) {
        return policies.containsKey(zone);
    }

    /** A signed zone's serial is raised here above the one served, whatever its file says. */
    @Override
    public boolean raisesSerial(Name zone) {
        return signs(zone);
    }

    /** The latest signing of {@code zone}: its expiry and refresh times. */
    public Optional<ZoneSigner.Signed> latest(Name zone) {
        return Optional.ofNullable(latest.get(zone));
    }

    @Override
    public Zone sign(Zone next, Zone served) {
        SigningPolicy policy = policies.get(next.origin());
        if (policy == null) {
            return next;
        }
        Name origin = next.origin();
        Instant now = clock.instant();
        try {
            // Read each time: the key file is the one record of the keys' states, and `tomldns dnssec
            // ksk-submitted` writes it while the server runs.
            List<SigningKey> zoneKeys = store.loadOrCreate(origin, policy, next.soa().getTTL(), now);
            if (keys.put(origin, zoneKeys) == null) {
                log.info("dnssec: zone {}: keys {} ({})", origin, zoneKeys, store.file(origin));
            }
            java.time.Duration dnskeyTtl = java.time.Duration.ofSeconds(next.soa().getTTL());
            List<SigningKey> planned = ZskRollover.plan(origin, zoneKeys, policy, now, dnskeyTtl, maxTtl(next));
            planned = KskRollover.plan(origin, planned, policy, now, dnskeyTtl, maxTtl(next));
            if (planned != zoneKeys) {
                store.save(origin, planned); // before any version with them is served
                log.info("dnssec: zone {}: key rollover: keys now {}", origin, describe(planned, origin, policy, now));
                zoneKeys = planned;
                keys.put(origin, zoneKeys);
            }
            // RFC 1982: above what was served, and above what this server published before a restart.
            Long before = served != null ? Long.valueOf(served.serial()) : serials.last(origin);
            long serial = next.serial();
            if (before != null && !SerialArithmetic.greater(serial, before)) {
                serial = SerialArithmetic.next(before);
            }
            ZoneSigner.Signed signed = new ZoneSigner(policy, zoneKeys, random).sign(next, serial, served, now);
            serials.record(origin, serial);
            latest.put(origin, signed);
            boolean waits = zoneKeys.stream().anyMatch(k -> k.waitsForDsAt(now));
            if (waits && !waitingForDs.contains(origin)) {
                log.warn("dnssec: zone {}: KSK rollover: CDS and CDNSKEY now point to key {}; put its DS at the "
                        + "parent (`tomldns dnssec ds {}`), then run `tomldns dnssec ksk-submitted {}`: the old "
                        + "key is retired only after that", origin, SigningKey.forParent(zoneKeys, now).stream()
                        .map(k -> String.valueOf(k.tag())).collect(java.util.stream.Collectors.joining(", ")),
                        origin, origin);
            }
            if (waits) {
                waitingForDs.add(origin);
            } else {
                waitingForDs.remove(origin);
            }
            log.info("dnssec: zone {} serial {} signed ({}): {} signature(s) made, {} kept; earliest expiry {}, "
                    + "refresh at {}", origin, serial, policy.denial(), signed.made(), signed.kept(),
                    signed.earliestExpiry(), signed.refreshAt());
            return signed.zone();
        } catch (SigningException e) {
            throw new Reloader.SigningFailure(e.getMessage());
        }
    }

    /**
     * Signs again each zone whose refresh time has come (some signature is about to enter its refresh window): a
     * new version with the serial raised, new signatures where they were due, the others kept. Returns the
     * zones refreshed.
     */
    public List<Name> refreshDue() {
        Reloader r = reloader;
        if (r == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Name> done = new java.util.ArrayList<>();
        for (var e : latest.entrySet()) {
            Name origin = e.getKey();
            if (now.isBefore(e.getValue().refreshAt())
                    && !(waitingForDs.contains(origin) && (submitted(origin) || parentHasSuccessor(origin, now)))) {
                continue;
            }
            try {
                Zone after = r.edit(origin,
                        (served, managed) -> served.withSerial(SerialArithmetic.next(served.serial())));
                if (after != null) {
                    done.add(origin);
                }
            } catch (Reloader.SigningFailure failed) {
                log.error("dnssec: zone {}: signatures not refreshed (the signed version served stays; tried again "
                        + "in a minute): {}", origin, failed.getMessage());
            }
        }
        return done;
    }

    /**
     * Whether the key file now says the DS of a successor that waits for it is at the parent ({@code tomldns dnssec
     * ksk-submitted} wrote it): the rollover's next step is then taken at once, not at the next refresh.
     */
    private boolean submitted(Name origin) {
        try {
            Instant now = clock.instant();
            return store.load(origin).stream().anyMatch(k -> k.waitsForDsAt(now) && k.submitted() != null);
        } catch (SigningException e) {
            return true; // signing again reports the damaged file
        }
    }

    /**
     * With {@code parent-ds-server} set, whether the parent now serves the DS of the successor that waits for it
     * (asked at most once per {@link #PARENT_CHECK}, as Knot's ksk-submission check-interval): if so, that is
     * recorded in the key file as {@code tomldns dnssec ksk-submitted} would, and the rollover goes on. Runs on the
     * refresh thread; each query is bounded by {@link ParentDs#TIMEOUT}.
     */
    private boolean parentHasSuccessor(Name origin, Instant now) {
        SigningPolicy policy = policies.get(origin);
        Instant asked = parentAsked.get(origin);
        if (policy == null || policy.parentDsServer() == null
                || asked != null && now.isBefore(asked.plus(PARENT_CHECK))) {
            return false;
        }
        parentAsked.put(origin, now);
        try {
            List<SigningKey> zoneKeys = store.load(origin);
            ParentDs parent = new ParentDs(policy.parentDsServer());
            for (SigningKey k : zoneKeys) {
                // RFC 7583 §3.3.1: the old key may retire once the parent serves the new key's DS.
                if (k.waitsForDsAt(now) && k.submitted() == null && parent.parentHas(k.dnskey())) {
                    store.save(origin, zoneKeys.stream().map(o -> o == k ? o.withSubmitted(now) : o).toList());
                    log.info("dnssec: zone {}: the parent ({}) serves the DS of key {}: taken as submitted, as "
                            + "`tomldns dnssec ksk-submitted` does", origin, policy.parentDsServer(), k.tag());
                    return true;
                }
            }
        } catch (SigningException e) {
            return true; // signing again reports the damaged file
        }
        return false;
    }

    /** The longest TTL of the zone's RRsets: how long a cached signature may outlive its key's retirement. */
    private static java.time.Duration maxTtl(Zone zone) {
        long max = zone.soa().getTTL();
        for (org.xbill.DNS.Record r : zone.records()) {
            max = Math.max(max, r.getTTL());
        }
        return java.time.Duration.ofSeconds(max);
    }

    private static String describe(List<SigningKey> keys, Name origin, SigningPolicy policy, Instant now) {
        StringBuilder out = new StringBuilder();
        for (SigningKey k : keys) {
            out.append(out.length() == 0 ? "" : "; ").append(k).append(": ").append(KeyState.of(k, keys, origin.toString(), policy, now));
        }
        return out.toString();
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
