package dev.tomldns.server;

import dev.tomldns.dnssec.sign.ParentDs;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The parent-DS watchdog of {@code serve}: for each zone whose {@code dnssec} setting names a
 * {@code parent-ds-server}, that server is asked for the zone's DS ({@link ParentDs}) every {@link #INTERVAL}, again
 * {@link #RETRY} after it gave no answer, and as soon as the zone's DNSKEY RRset changes (a new key published, one
 * removed), so a DS that no longer matches shows before the old one leaves resolvers' caches. The answer goes to
 * {@code /ready} (a bogus chain makes the server not ready) and to the gauges {@code dns_zone_ds_match{zone}} and
 * {@code dns_zone_dnskey_without_ds{zone}}; while the parent does not answer, the gauges keep the last answer's values
 * and {@code /ready} says why. The queries run on this class's own thread, each bounded by {@link ParentDs#TIMEOUT};
 * the swap listener only compares the DNSKEY RRset, never blocks.
 */
public final class ParentDsReporting implements Consumer<Catalog>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParentDsReporting.class);
    /** How often each watched parent is asked: a DS changes at the registrar's pace, hours to days. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    /** How soon a parent that gave no answer is asked again. */
    public static final Duration RETRY = Duration.ofMinutes(5);

    private final Map<Name, InetSocketAddress> parents;
    private final ZoneRegistry registry;
    private final DnsMetrics metrics;
    private final ZoneReadiness readiness;
    private final Map<Name, List<DNSKEYRecord>> keys = new ConcurrentHashMap<>();
    /** Used on {@link #thread} only: the retry due per zone, and what was last logged (logged again on change). */
    private final Map<Name, java.util.concurrent.ScheduledFuture<?>> retries = new java.util.HashMap<>();
    private final Map<Name, List<ParentDs.Report.Line>> logged = new java.util.HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parent-ds");
        t.setDaemon(true);
        return t;
    });

    private ParentDsReporting(Map<Name, InetSocketAddress> parents, ZoneRegistry registry, DnsMetrics metrics,
            ZoneReadiness readiness) {
        this.parents = Map.copyOf(parents);
        this.registry = registry;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /**
     * Watches the parent of each zone in {@code parents} (zone: the server to ask) from now on; {@code null} when
     * there is none to watch.
     */
    public static ParentDsReporting install(Map<Name, InetSocketAddress> parents, ZoneRegistry registry,
            DnsMetrics metrics, ZoneReadiness readiness) {
        if (parents.isEmpty()) {
            return null;
        }
        ParentDsReporting reporting = new ParentDsReporting(parents, registry, metrics, readiness);
        registry.addListener(reporting);
        reporting.accept(registry.current());
        long every = INTERVAL.toSeconds();
        reporting.thread.scheduleWithFixedDelay(reporting::checkAll, every, every, TimeUnit.SECONDS);
        return reporting;
    }

    /**
     * After a swap: a watched zone whose DNSKEY RRset is new is asked about at once (on this class's thread); one
     * no longer served is forgotten.
     */
    @Override
    public void accept(Catalog swapped) {
        Catalog now = registry.current();
        for (Name zone : parents.keySet()) {
            Zone served = now.zone(zone);
            List<DNSKEYRecord> dnskeys = served == null ? List.of() : dnskeys(served.rrset(zone, Type.DNSKEY));
            if (dnskeys.isEmpty()) {
                if (keys.remove(zone) != null) {
                    readiness.parentDs(zone.toString(), null);
                    metrics.parentDs(zone, null, 0);
                }
                continue;
            }
            List<DNSKEYRecord> before = keys.put(zone, dnskeys);
            if (!dnskeys.equals(before)) {
                submit(zone);
            }
        }
    }

    /**
     * Asks every watched parent now and returns once all have answered or timed out (each bounded by
     * {@link ParentDs#TIMEOUT}, twice with a TCP retry); for an operator's trigger and for tests.
     */
    public void checkNow() throws InterruptedException {
        try {
            thread.submit(this::checkAll).get(parents.size() * 2 * ParentDs.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("dnssec: checking the DS at the parents did not finish: {}", e.toString());
        }
    }

    private void submit(Name zone) {
        try {
            thread.execute(() -> check(zone));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: nothing to report to
        }
    }

    private void checkAll() {
        for (Name zone : parents.keySet()) {
            check(zone);
        }
    }

    private void check(Name zone) {
        List<DNSKEYRecord> dnskeys = keys.get(zone);
        if (dnskeys == null) {
            return; // not served signed (yet)
        }
        try {
            ParentDs.Report report = new ParentDs(parents.get(zone)).check(zone, dnskeys);
            if (!keys.containsKey(zone)) {
                return; // the zone went while the parent was asked
            }
            readiness.parentDs(zone.toString(), report);
            if (report.outcome() == ParentDs.Outcome.UNANSWERED) {
                java.util.concurrent.ScheduledFuture<?> due = retries.get(zone);
                if (due == null || due.isDone()) {
                    retries.put(zone, thread.schedule(() -> check(zone), RETRY.toSeconds(), TimeUnit.SECONDS));
                }
            } else {
                metrics.parentDs(zone, report.outcome() == ParentDs.Outcome.SECURE, report.withoutDs().size());
            }
            List<ParentDs.Report.Line> lines = report.lines("");
            if (!lines.equals(logged.put(zone, lines))) {
                for (ParentDs.Report.Line line : lines) {
                    switch (line.severity()) {
                        case ERROR -> log.error("dnssec: {}", line.text());
                        case WARNING -> log.warn("dnssec: {}", line.text());
                        case INFO -> log.info("dnssec: {}", line.text());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("dnssec: zone {}: checking the DS at the parent failed: {}", zone, e.toString());
        }
    }

    private static List<DNSKEYRecord> dnskeys(RRset rrset) {
        List<DNSKEYRecord> out = new ArrayList<>();
        if (rrset != null) {
            for (Record r : rrset.rrs(false)) {
                if (r instanceof DNSKEYRecord k) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
