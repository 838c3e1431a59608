package dev.tomldns.metrics;

import dev.tomldns.wire.ResponseKind;
import dev.tomldns.wire.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Name;

/**
 * {@link DnsMetrics} on a Micrometer registry.
 *
 * <p>Meters whose tags are known up front (latency, size, transfers, ...) are registered in the constructor. The
 * query counters are kept in a flat array indexed by transport x qtype x rcode and registered the first time a
 * combination is seen, so the scrape lists only what happened and the hot path does an array read and an add.
 * Per-zone meters live in a map keyed by the zone's origin; only zones the server serves reach it, and past
 * {@link #MAX_ZONE_TAGS} zones the rest share the zone tag {@code other}.
 */
public final class MicrometerDnsMetrics implements DnsMetrics, AutoCloseable {

    /**
     * One answer in this many feeds the latency and size histograms. A Micrometer timer or summary with buckets
     * costs about 250 ns per record (max tracking, clock read, bucket search), a tenth of a whole query; sampled,
     * the histograms keep their shape and the query counters stay exact.
     */
    public static final int DISTRIBUTION_SAMPLE = 16;

    /** Upper bound on distinct zone tag values, so a server with very many zones stays scrapeable. */
    public static final int MAX_ZONE_TAGS = 2000;

    static final String OTHER_ZONE = "other";
    /** Zone tag of answers that came from no served zone (REFUSED, RFC 8906 §3.1.4 not-authoritative). */
    static final String NO_ZONE = "none";

    /** Latency buckets: an in-memory answer takes microseconds; anything past 10 ms is a problem. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250),
    };

    /**
     * Size buckets: 512 is the classic UDP limit (RFC 1035 §4.2.1), 1232 the DNS Flag Day 2020 EDNS buffer,
     * 65535 the TCP maximum (RFC 1035 §4.2.2).
     */
    private static final double[] SIZE_BUCKETS = {64, 128, 256, 512, 1232, 4096, 16384, 65535};

    private final MeterRegistry registry;
    private final Counter[] queries;
    private final Timer[] latency;
    private final DistributionSummary[] responseSize;
    private final Counter truncated;
    private final Counter[] malformed;
    private final AtomicInteger tcpOpen = new AtomicInteger();
    private final Counter tcpAccepted;
    private final Counter tcpRefused;
    private final Counter[] tcpClosedByServer = new Counter[TcpClose.values().length];
    private final Counter[] transfers;
    private final Counter[] notifies;
    /** Per response kind: dropped, then slipped (index kind * 2 + slipped). */
    private final Counter[] rateLimited = new Counter[ResponseKind.values().length * 2];
    private final ConcurrentMap<Name, ZoneMeters> zones = new ConcurrentHashMap<>();
    private final ZoneMeters noZone;
    private final ZoneMeters otherZone;
    private final JvmGcMetrics gcMetrics;
    private final int sampleOneIn;

    /**
     * Registers the server's meters (and, when {@code withJvm}, the JVM and process meters) on {@code registry};
     * every answer feeds the latency and size histograms.
     */
    public MicrometerDnsMetrics(MeterRegistry registry, boolean withJvm) {
        this(registry, withJvm, 1);
    }

    /**
     * As {@link #MicrometerDnsMetrics(MeterRegistry, boolean)}, with one answer in {@code sampleOneIn} (a power of
     * two) feeding the latency and size histograms.
     */
    public MicrometerDnsMetrics(MeterRegistry registry, boolean withJvm, int sampleOneIn) {
        if (sampleOneIn < 1 || Integer.bitCount(sampleOneIn) != 1) {
            throw new IllegalArgumentException("sample must be a power of two, got " + sampleOneIn);
        }
        this.sampleOneIn = sampleOneIn;
        this.registry = registry;
        int transports = Transport.values().length;
        this.queries = new Counter[transports * QueryTypeTag.count() * RcodeTag.count()];
        this.latency = new Timer[transports];
        this.responseSize = new DistributionSummary[transports];
        this.malformed = new Counter[transports];
        for (Transport t : Transport.values()) {
            latency[t.ordinal()] = Timer.builder("dns.answer.latency")
                    .description("Time from receiving a query to handing its response to the transport (sampled)")
                    .tag("transport", tag(t))
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
            responseSize[t.ordinal()] = DistributionSummary.builder("dns.response.size")
                    .description("Size of responses on the wire (sampled)")
                    .baseUnit("bytes")
                    .tag("transport", tag(t))
                    .serviceLevelObjectives(SIZE_BUCKETS)
                    .register(registry);
            malformed[t.ordinal()] = Counter.builder("dns.malformed.packets")
                    .description("Packets that could not be parsed as a DNS query")
                    .tag("transport", tag(t))
                    .register(registry);
        }
        this.truncated = Counter.builder("dns.truncated.responses")
                .description("UDP responses sent with TC=1").register(registry);
        Gauge.builder("dns.tcp.connections.open", tcpOpen, AtomicInteger::get)
                .description("TCP connections open now").register(registry);
        this.tcpAccepted = Counter.builder("dns.tcp.connections.accepted")
                .description("TCP connections accepted").register(registry);
        this.tcpRefused = Counter.builder("dns.tcp.connections.refused")
                .description("TCP connections refused over the connection limit").register(registry);
        for (TcpClose why : TcpClose.values()) {
            tcpClosedByServer[why.ordinal()] = Counter.builder("dns.tcp.connections.closed.by.server")
                    .description("TCP connections the server closed: idle, query too slow, or evicted when full")
                    .tag("reason", why.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .register(registry);
        }
        this.transfers = directionOutcomeCounters("dns.transfers", "Zone transfers (AXFR/IXFR)");
        this.notifies = directionOutcomeCounters("dns.notifies", "NOTIFY messages (RFC 1996)");
        for (ResponseKind kind : ResponseKind.values()) {
            for (int slipped = 0; slipped < 2; slipped++) {
                rateLimited[kind.ordinal() * 2 + slipped] = Counter.builder("dns.rrl.responses")
                        .description("UDP responses held back by response rate limiting: dropped, or slipped "
                                + "(sent truncated, TC=1)")
                        .tag("kind", kind.tag())
                        .tag("action", slipped == 1 ? "slipped" : "dropped")
                        .register(registry);
            }
        }
        this.noZone = new ZoneMeters(registry, NO_ZONE);
        this.otherZone = new ZoneMeters(registry, OTHER_ZONE);
        this.gcMetrics = withJvm ? bindJvm(registry) : null;
    }

    /** Metrics on a fresh Prometheus registry with JVM and process meters: what the daemon uses. */
    public static MicrometerDnsMetrics prometheus() {
        return new MicrometerDnsMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true,
                DISTRIBUTION_SAMPLE);
    }

    /** The registry the meters live on (a {@link PrometheusMeterRegistry} when made by {@link #prometheus()}). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The tag value of a transport: lower case, as Prometheus labels usually are. */
    static String tag(Transport transport) {
        return transport == Transport.TCP ? "tcp" : "udp";
    }

    private static JvmGcMetrics bindJvm(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    private Counter[] directionOutcomeCounters(String name, String description) {
        Counter[] counters = new Counter[Direction.values().length * Outcome.values().length];
        for (Direction d : Direction.values()) {
            for (Outcome o : Outcome.values()) {
                counters[d.ordinal() * Outcome.values().length + o.ordinal()] = Counter.builder(name)
                        .description(description)
                        .tag("direction", d.tag())
                        .tag("result", o.tag())
                        .register(registry);
            }
        }
        return counters;
    }

    @Override
    public void query(Transport transport, int qtype, int rcode, Name zoneOrNull, int responseBytes, long nanos) {
        int t = transport.ordinal();
        int r = RcodeTag.index(rcode);
        int slot = (t * QueryTypeTag.count() + QueryTypeTag.index(qtype)) * RcodeTag.count() + r;
        Counter counter = queries[slot];
        if (counter == null) {
            counter = registerQueryCounter(slot, transport, qtype, r);
        }
        counter.increment();
        zoneMeters(zoneOrNull).answered(r);
        if (sampleOneIn == 1 || ThreadLocalRandom.current().nextInt(sampleOneIn) == 0) {
            responseSize[t].record(responseBytes);
            latency[t].record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * First sighting of a combination. Micrometer's registration is idempotent, so two threads racing here get the
     * same counter; the array write is a benign race (the Counter is safely published through its final fields).
     */
    private Counter registerQueryCounter(int slot, Transport transport, int qtype, int rcodeIndex) {
        Counter counter = Counter.builder("dns.queries")
                .description("Queries answered, by transport, query type and response code")
                .tag("transport", tag(transport))
                .tag("qtype", QueryTypeTag.NAMES[QueryTypeTag.index(qtype)])
                .tag("rcode", RcodeTag.NAMES[rcodeIndex])
                .register(registry);
        queries[slot] = counter;
        return counter;
    }

    private ZoneMeters zoneMeters(Name zone) {
        if (zone == null) {
            return noZone;
        }
        ZoneMeters meters = zones.get(zone);
        if (meters != null) {
            return meters;
        }
        if (zones.size() >= MAX_ZONE_TAGS) {
            return otherZone;
        }
        return zones.computeIfAbsent(zone, z -> new ZoneMeters(registry, z.toString()));
    }

    @Override
    public void truncated() {
        truncated.increment();
    }

    @Override
    public void malformed(Transport transport) {
        malformed[transport.ordinal()].increment();
    }

    @Override
    public void tcpOpened() {
        tcpOpen.incrementAndGet();
        tcpAccepted.increment();
    }

    @Override
    public void tcpClosed() {
        tcpOpen.decrementAndGet();
    }

    @Override
    public void tcpRefused() {
        tcpRefused.increment();
    }

    @Override
    public void rateLimited(ResponseKind kind, boolean slipped) {
        rateLimited[kind.ordinal() * 2 + (slipped ? 1 : 0)].increment();
    }

    @Override
    public void tcpClosedByServer(TcpClose why) {
        tcpClosedByServer[why.ordinal()].increment();
    }

    @Override
    public void reload(Name zone, boolean ok, String error) {
        zoneMeters(zone).reloaded(ok, error);
    }

    @Override
    public void serial(Name zone, long serial) {
        zoneMeters(zone).serial(serial);
    }

    @Override
    public void signatureExpiry(Name zone, java.time.Instant expiration) {
        ZoneMeters meters = expiration == null ? zones.get(zone) : zoneMeters(zone);
        // Past MAX_ZONE_TAGS zones share one tag: an earliest expiry of "other" would be one zone's, unnamed.
        if (meters != null && meters != otherZone && meters != noZone) {
            meters.signatureExpiry(expiration);
        }
    }

    @Override
    public void parentDs(Name zone, Boolean matched, int dnskeysWithoutDs) {
        ZoneMeters meters = matched == null ? zones.get(zone) : zoneMeters(zone);
        // Past MAX_ZONE_TAGS zones share one tag: one zone's DS state under "other" would say nothing.
        if (meters != null && meters != otherZone && meters != noZone) {
            meters.parentDs(matched, dnskeysWithoutDs);
        }
    }

    @Override
    public void zoneRemoved(Name zone) {
        ZoneMeters meters = zones.remove(zone);
        if (meters != null) {
            meters.remove();
        }
    }

    @Override
    public void transfer(Direction direction, Outcome outcome) {
        transfers[direction.ordinal() * Outcome.values().length + outcome.ordinal()].increment();
    }

    @Override
    public void notify(Direction direction, Outcome outcome) {
        notifies[direction.ordinal() * Outcome.values().length + outcome.ordinal()].increment();
    }

    @Override
    public void update(Name zoneOrNull, String result) {
        zoneMeters(zoneOrNull).updated(result);
    }

    /** The last reload error of a zone, or null when its last reload succeeded or it never reloaded. */
    public String lastReloadError(Name zone) {
        ZoneMeters meters = zones.get(zone);
        return meters == null ? null : meters.lastError();
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }
}
