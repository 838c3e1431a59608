package dev.tomldns.server;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.dnssec.sign.OnlineSigning;
import dev.tomldns.dnssec.sign.SigningException;
import dev.tomldns.edns.EdnsOptions;
import dev.tomldns.edns.Nsid;
import dev.tomldns.http.HttpEndpoint;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.ControlSocket;
import dev.tomldns.reload.HotReload;
import dev.tomldns.reload.Reloader;
import dev.tomldns.rrl.ResponseRateLimit;
import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.state.StateDirectoryException;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.update.DynamicZones;
import dev.tomldns.update.UpdateService;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server, wired in one place: zone registry, query processor (with the UPDATE stage and the EDNS
 * options NSID and cookies), transfer services (IXFR, NOTIFY, secondaries), hot reload with its lint and reporting,
 * online DNSSEC signing, the control socket, the Netty transport with its answer cache and response rate limiting,
 * metrics, signature expiry reporting and the HTTP endpoint. {@code tomldns serve} starts one; so do the tests, on
 * port 0, so they run what users run. Built from the parsed configuration by {@link #builder}; {@link #close} stops
 * it all.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    /** Thrown by {@link Builder#start} when the configuration cannot be served; the message says why. */
    public static final class StartException extends Exception {
        public StartException(String message) {
            super(message);
        }
    }

    private final ZoneReadiness readiness = new ZoneReadiness();
    private final ZoneRegistry registry = new ZoneRegistry();
    private final MicrometerDnsMetrics micrometer;
    private final QueryProcessor processor;
    private XfrServices xfr;
    private Reloader reloader;
    private HotReload hot;
    private UpdateService updates;
    private OnlineSigning signing;
    private ParentDsReporting parentDs;
    private ControlSocket control;
    private DnsServer dns;
    private HttpEndpoint endpoint;
    private List<InetSocketAddress> bound = List.of();

    private Server(Builder b) {
        this.micrometer = b.http != null && b.metrics == null ? MicrometerDnsMetrics.prometheus() : b.metrics;
        DnsMetrics metrics = micrometer != null ? micrometer : DnsMetrics.NOOP;
        this.processor = new QueryProcessor(registry, metrics, b.queryLog);
    }

    /** A server for {@code settings} (its {@code zones}, {@code listen}, {@code [tcp]}, keys, ACLs, secondaries). */
    public static Builder builder(ServerConfig settings) {
        return new Builder(settings);
    }

    /** What {@code serve} sets from its flags; the defaults are a test's: loopback port 0, no SIGHUP, no socket. */
    public static final class Builder {
        private final ServerConfig settings;
        private Path zones;
        private List<InetSocketAddress> listen;
        private StateDirectory state;
        private boolean strict;
        private int threads = 1;
        private QueryLog queryLog = QueryLog.OFF;
        private MicrometerDnsMetrics metrics;
        private InetSocketAddress http;
        private boolean hangup;
        private boolean watch = true;
        private boolean controlSocket;
        private boolean heapTrim;
        private boolean clashStopsStart = true;
        private Nsid nsid;
        private EdnsOptions edns;
        private TcpSettings tcp;
        private RrlSettings rrl;
        private Duration quiet = HotReload.DEFAULT_QUIET;
        private Clock clock = Clock.systemUTC();

        private Builder(ServerConfig settings) {
            this.settings = Objects.requireNonNull(settings);
            this.zones = settings.zonesDir();
            this.listen = settings.listen();
        }

        /** The zones folder (default: the configuration's {@code zones}). */
        public Builder zones(Path dir) {
            this.zones = dir;
            return this;
        }

        /** The addresses to answer on, UDP and TCP (default: the configuration's, else 127.0.0.1 port 0). */
        public Builder listen(List<InetSocketAddress> addresses) {
            this.listen = List.copyOf(addresses);
            return this;
        }

        /**
         * Where managed serials, dynamic records, signing keys and the control socket live (default: the
         * configuration's {@code state-dir}, else the zones folder).
         */
        public Builder state(StateDirectory dir) {
            this.state = dir;
            return this;
        }

        /** {@code --strict}: a zone whose policy records have lint errors is not served. */
        public Builder strict(boolean on) {
            this.strict = on;
            return this;
        }

        /** Event-loop threads (default 1). */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder queryLog(QueryLog log) {
            this.queryLog = log;
            return this;
        }

        /** Counts into {@code registry} (default: nothing, unless {@link #http} makes a Prometheus registry). */
        public Builder metrics(MicrometerDnsMetrics registry) {
            this.metrics = registry;
            return this;
        }

        /** Serves {@code /metrics}, {@code /health} and {@code /ready} on {@code address} (default: off). */
        public Builder http(InetSocketAddress address) {
            this.http = address;
            return this;
        }

        /** SIGHUP reloads (one handler per JVM; default off). */
        public Builder hangup(boolean on) {
            this.hangup = on;
            return this;
        }

        /** The zones folder is watched for changes (default on). */
        public Builder watch(boolean on) {
            this.watch = on;
            return this;
        }

        /** {@code tomldns reload}'s control socket in the state directory (default off). */
        public Builder controlSocket(boolean on) {
            this.controlSocket = on;
            return this;
        }

        /** Gives the heap that loading grew back after the first load and after growing reloads (default off). */
        public Builder heapTrim(boolean on) {
            this.heapTrim = on;
            return this;
        }

        /**
         * Whether a zone file that is also a {@code [[secondary]]} stops the start (default, as {@code serve} does);
         * when not, the file is left out as a later reload leaves it out.
         */
        public Builder clashStopsStart(boolean on) {
            this.clashStopsStart = on;
            return this;
        }

        /** {@code --nsid}: the name server identifier (RFC 5001), over the configuration's {@code nsid}. */
        public Builder nsid(Nsid id) {
            this.nsid = id;
            return this;
        }

        /**
         * The EDNS options (NSID, cookie secrets and whether cookies are required) instead of those the
         * configuration's {@code nsid} and {@code [cookies]} (or {@link #nsid}) make.
         */
        public Builder edns(EdnsOptions options) {
            this.edns = options;
            return this;
        }

        /** The DNS-over-TCP limits instead of the configuration's {@code [tcp]}. */
        public Builder tcp(TcpSettings limits) {
            this.tcp = limits;
            return this;
        }

        /** Response rate limiting with {@code limits} instead of the configuration's {@code [rrl]} (or none). */
        public Builder rrl(RrlSettings limits) {
            this.rrl = limits;
            return this;
        }

        /** The watcher's debounce (default {@link HotReload#DEFAULT_QUIET}). */
        public Builder quiet(Duration quiet) {
            this.quiet = quiet;
            return this;
        }

        /** The clock managed serials take their date from, and online signing its inception and expiry times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Loads the zones, then answers: returns once every address is bound.
         *
         * @throws StartException when a zone file clashes with a secondary zone (nothing is left running)
         */
        public Server start() throws Exception {
            Objects.requireNonNull(zones, "zones folder");
            Server s = new Server(this);
            try {
                s.start(this);
            } catch (Exception | Error e) {
                s.close();
                throw e;
            }
            return s;
        }
    }

    private void start(Builder b) throws Exception {
        DnsMetrics metrics = micrometer != null ? micrometer : DnsMetrics.NOOP;
        StateDirectory state;
        DynamicZones dynamic;
        try {
            state = b.state != null ? b.state : StateDirectory.choose(null, b.settings.stateDir(), Map.of(), b.zones);
            dynamic = DynamicZones.in(state, b.settings.dataDir()); // moves a file left in the old place
        } catch (StateDirectoryException | java.io.IOException e) {
            throw new StartException(e.getMessage());
        }
        SignatureReporting.install(registry, metrics, readiness);
        parentDs = ParentDsReporting.install(parentDsServers(b.settings), registry, metrics, readiness);
        xfr = XfrServices.install(b.settings, registry, processor, metrics, new SecondaryReporting(metrics, readiness));
        ReloadReporting reporting = new ReloadReporting(metrics, readiness, xfr, b.strict);
        reloader = new Reloader(b.zones, state, registry, b.clock);
        try {
            signing = OnlineSigning.install(b.settings.signing(), state, reloader, b.clock);
        } catch (SigningException e) {
            throw new StartException(e.getMessage());
        }
        reporting.install(reloader, dynamic::merge);
        b.settings.warnings().forEach(w -> log.warn("{}", w));
        updates = new UpdateService(registry, reloader, b.settings, dynamic, metrics, b.strict, b.clock);
        processor.setUpdateStage(updates);
        hot = HotReload.start(reloader, b.quiet, b.hangup, b.watch); // the first load, watcher, SIGHUP
        if (b.clashStopsStart && !reporting.secondaryClashes().isEmpty()) {
            throw new StartException(String.join("; ", reporting.secondaryClashes()));
        }
        if (b.controlSocket) {
            control = ControlSocket.open(ControlSocket.in(state), hot::reloadNow).orElse(null);
        }
        Nsid nsid = b.nsid != null ? b.nsid : b.settings.nsid();
        EdnsOptions edns = b.edns != null ? b.edns
                : new EdnsOptions(nsid, b.settings.cookies().serverCookie(), b.settings.cookies().require());
        processor.setEdnsOptions(edns);
        RrlSettings limits = b.rrl != null ? b.rrl : b.settings.rrl();
        ResponseRateLimit rrl = limits == null ? null : new ResponseRateLimit(limits, metrics);
        if (rrl != null) {
            // RFC 7873 §5.3, as BIND: a client that returns a valid server cookie receives at its address.
            rrl.exemption((query, client) -> edns.validCookieIn(query, client.getAddress()));
        }
        dns = new DnsServer(processor, b.tcp != null ? b.tcp : b.settings.tcp(), b.threads, rrl);
        List<InetSocketAddress> addresses = b.listen == null || b.listen.isEmpty()
                ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) : b.listen;
        bound = dns.listen(addresses);
        boolean trim = b.heapTrim;
        if (trim) {
            registry.addListener(catalog -> HeapTrim.afterSwap());
        }
        // The policy lint of the first load starts now that the zones are answered; then the heap that loading and
        // the lint grew is trimmed. A later reload's lint also runs after its swap: the trim waits for it too.
        // The answer cache's index comes after that trim (queries take the reference path until it is built).
        DnsServer transport = dns;
        hot.serving(() -> {
            if (trim) {
                HeapTrim.afterLoad();
            }
            transport.buildFastPathIndex();
        }, trim ? HeapTrim::afterSwap : () -> { });
        if (b.http != null) {
            endpoint = HttpEndpoint.start(b.http, (PrometheusMeterRegistry) micrometer.registry(), readiness,
                    b.settings.http());
        }
    }

    /** The zones served, as a catalog swapped whole on each change. */
    public ZoneRegistry registry() {
        return registry;
    }

    public QueryProcessor processor() {
        return processor;
    }

    public Reloader reloader() {
        return reloader;
    }

    public HotReload hot() {
        return hot;
    }

    public XfrServices xfr() {
        return xfr;
    }

    public UpdateService updates() {
        return updates;
    }

    /** The online signer, when a zone of the configuration is signed ({@code dnssec}). */
    public Optional<OnlineSigning> signing() {
        return Optional.ofNullable(signing);
    }

    /** The parent-DS watchdog, when a signed zone's {@code dnssec} setting names a {@code parent-ds-server}. */
    public Optional<ParentDsReporting> parentDs() {
        return Optional.ofNullable(parentDs);
    }

    /** Per signed zone, the server its {@code parent-ds-server} names. */
    private static java.util.Map<org.xbill.DNS.Name, InetSocketAddress> parentDsServers(ServerConfig settings) {
        java.util.Map<org.xbill.DNS.Name, InetSocketAddress> out = new java.util.HashMap<>();
        settings.signing().forEach((zone, policy) -> {
            if (policy.parentDsServer() != null) {
                out.put(zone, policy.parentDsServer());
            }
        });
        return out;
    }

    public ZoneReadiness readiness() {
        return readiness;
    }

    /** The metrics registry, when metrics are kept. */
    public Optional<MicrometerDnsMetrics> metrics() {
        return Optional.ofNullable(micrometer);
    }

    public Optional<ControlSocket> control() {
        return Optional.ofNullable(control);
    }

    public Optional<HttpEndpoint> http() {
        return Optional.ofNullable(endpoint);
    }

    public DnsServer transport() {
        return dns;
    }

    /** The addresses bound, in the order given (port 0 resolved). */
    public List<InetSocketAddress> addresses() {
        return bound;
    }

    /** The first address bound. */
    public InetSocketAddress address() {
        return bound.get(0);
    }

    public int port() {
        return address().getPort();
    }

    /** Stops answering, then reloads, transfers and metrics; safe after a failed start. */
    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (updates != null) {
            updates.close();
        }
        if (control != null) {
            control.close();
        }
        if (hot != null) {
            hot.close();
        }
        if (signing != null) {
            signing.close();
        }
        if (parentDs != null) {
            parentDs.close();
        }
        if (xfr != null) {
            xfr.close();
        }
        if (micrometer != null) {
            micrometer.close();
        }
    }
}
