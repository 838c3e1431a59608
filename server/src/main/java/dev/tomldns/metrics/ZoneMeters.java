package dev.tomldns.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one zone tag: answers by rcode, reloads, dynamic updates, the last reload error and the serial
 * served.
 */
final class ZoneMeters {

    /** Longest reload error kept as a label value; a label is not a log line. */
    static final int MAX_ERROR_LENGTH = 200;

    private final MeterRegistry registry;
    private final String zone;
    private final Counter[] answers = new Counter[RcodeTag.count()];
    private final AtomicLong serial = new AtomicLong(-1);
    private final AtomicLong failing = new AtomicLong();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private Counter reloadsOk;
    private Counter reloadsFailed;
    private Gauge errorInfo;
    private final AtomicLong signatureExpiryEpochSeconds = new AtomicLong();
    private Gauge signatureExpiry;
    private volatile String lastError;
    private final AtomicLong dsMatch = new AtomicLong();
    private final AtomicLong dnskeysWithoutDs = new AtomicLong();
    private Gauge dsMatchGauge;
    private Gauge withoutDsGauge;

    ZoneMeters(MeterRegistry registry, String zone) {
        this.registry = registry;
        this.zone = zone;
    }

    void answered(int rcodeIndex) {
        Counter counter = answers[rcodeIndex];
        if (counter == null) {
            counter = Counter.builder("dns.zone.queries")
                    .description("Queries answered, by zone and response code")
                    .tag("zone", zone)
                    .tag("rcode", RcodeTag.NAMES[rcodeIndex])
                    .register(registry);
            answers[rcodeIndex] = counter;
            track(counter);
        }
        counter.increment();
    }

    synchronized void serial(long value) {
        if (serial.getAndSet(value) == -1) {
            track(Gauge.builder("dns.zone.serial", serial, AtomicLong::get)
                    .description("SOA serial now served (RFC 1035 §3.3.13)")
                    .tag("zone", zone)
                    .register(registry));
        }
    }

    /** The earliest RRSIG expiration of the zone, or null (unsigned): the gauge goes. */
    synchronized void signatureExpiry(java.time.Instant expiration) {
        if (expiration == null) {
            if (signatureExpiry != null) {
                registry.remove(signatureExpiry);
                registered.remove(signatureExpiry);
                signatureExpiry = null;
            }
            return;
        }
        signatureExpiryEpochSeconds.set(expiration.getEpochSecond());
        if (signatureExpiry == null) {
            // Counted at each scrape, so the value falls as time passes without a new version of the zone.
            signatureExpiry = track(Gauge.builder("dns.zone.rrsig.expiry", signatureExpiryEpochSeconds,
                            e -> e.get() - System.currentTimeMillis() / 1000.0)
                    .description("Seconds until the zone's earliest RRSIG expires (RFC 4034 §3.1.5); negative once "
                            + "expired, when validating resolvers answer SERVFAIL")
                    .baseUnit("seconds")
                    .tag("zone", zone)
                    .register(registry));
        }
    }

    /** What the parent said of the zone's DS, or null (no longer watched): the gauges go. */
    synchronized void parentDs(Boolean matched, int withoutDs) {
        if (matched == null) {
            for (Gauge g : new Gauge[] {dsMatchGauge, withoutDsGauge}) {
                if (g != null) {
                    registry.remove(g);
                    registered.remove(g);
                }
            }
            dsMatchGauge = null;
            withoutDsGauge = null;
            return;
        }
        dsMatch.set(matched ? 1 : 0);
        dnskeysWithoutDs.set(withoutDs);
        if (dsMatchGauge == null) {
            dsMatchGauge = track(Gauge.builder("dns.zone.ds.match", dsMatch, AtomicLong::get)
                    .description("1 when a DS at the parent matches a DNSKEY of the zone (RFC 4035 §5.2), 0 when "
                            + "none does: no DS (insecure) or none matching (bogus)")
                    .tag("zone", zone)
                    .register(registry));
            withoutDsGauge = track(Gauge.builder("dns.zone.dnskey.without.ds", dnskeysWithoutDs, AtomicLong::get)
                    .description("The zone's KSKs and CSKs (SEP bit) with no DS at the parent")
                    .tag("zone", zone)
                    .register(registry));
        }
    }

    synchronized void reloaded(boolean ok, String error) {
        registerReloadMeters();
        if (ok) {
            reloadsOk.increment();
            failing.set(0);
            lastSuccessEpochSeconds.set(System.currentTimeMillis() / 1000);
            setError(null);
            return;
        }
        reloadsFailed.increment();
        failing.set(1);
        setError(error == null || error.isBlank() ? "unknown error" : error);
    }

    /** A dynamic update (RFC 2136) of this zone was answered; {@code result} is one of a fixed few words. */
    void updated(String result) {
        // Updates are rare: the registry's lookup by name and tags is cheap enough here; the meter is tracked once
        // so that it leaves with the zone.
        Counter counter = Counter.builder("dns.updates")
                .description("Dynamic updates (RFC 2136) answered, by zone and result; not counted as reloads")
                .tag("zone", zone)
                .tag("result", result)
                .register(registry);
        synchronized (this) {
            if (!registered.contains(counter)) {
                track(counter);
            }
        }
        counter.increment();
    }

    String lastError() {
        return lastError;
    }

    private void registerReloadMeters() {
        if (reloadsOk != null) {
            return;
        }
        reloadsOk = track(reloadCounter("ok"));
        reloadsFailed = track(reloadCounter("failed"));
        track(Gauge.builder("dns.zone.reload.failing", failing, AtomicLong::get)
                .description("1 when the zone's last reload failed and an older version (or nothing) is served")
                .tag("zone", zone)
                .register(registry));
        track(Gauge.builder("dns.zone.reload.last.success", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When the zone last loaded successfully")
                .baseUnit("timestamp_seconds")
                .tag("zone", zone)
                .register(registry));
    }

    private Counter reloadCounter(String result) {
        return Counter.builder("dns.zone.reloads")
                .description("Zone loads and reloads, by result")
                .tag("zone", zone)
                .tag("result", result)
                .register(registry);
    }

    /**
     * The last error is an info-style gauge (value 1, the message as a label); the old series is removed when the
     * message changes so exactly one error per zone is ever exposed.
     */
    private void setError(String error) {
        lastError = error;
        if (errorInfo != null) {
            registry.remove(errorInfo);
            registered.remove(errorInfo);
            errorInfo = null;
        }
        if (error == null) {
            return;
        }
        String label = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        errorInfo = track(Gauge.builder("dns.zone.reload.error", () -> 1)
                .description("The zone's last reload error, as the error label")
                .tag("zone", zone)
                .tag("error", label)
                .register(registry));
    }

    private <M extends Meter> M track(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Unregisters every meter of this zone. */
    synchronized void remove() {
        registered.forEach(registry::remove);
        registered.clear();
        java.util.Arrays.fill(answers, null);
    }
}
