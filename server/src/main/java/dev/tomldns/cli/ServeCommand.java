package dev.tomldns.cli;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.dnssec.sign.OnlineSigning;
import dev.tomldns.dnssec.sign.SigningException;
import dev.tomldns.edns.EdnsOptions;
import dev.tomldns.edns.Nsid;
import dev.tomldns.http.HttpEndpoint;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.LogLevel;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.ControlSocket;
import dev.tomldns.reload.HotReload;
import dev.tomldns.reload.Reloader;
import dev.tomldns.rrl.ResponseRateLimit;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.state.StateDirectoryException;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.update.DynamicZones;
import dev.tomldns.update.UpdateService;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tomldns serve --zones DIR --listen ADDR:PORT...}: load the zones and answer on UDP and TCP. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the zones in a folder over UDP and TCP.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Server configuration TOML (keys, transfer ACLs, also-notify, secondary zones); flags win.")
    Path config;

    @Option(names = "--zones", paramLabel = "DIR",
            description = "Folder of *.toml zone files (default: the config's `zones`, else zones).")
    Path zones;

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
            description = "Address to serve on, UDP and TCP; repeatable; [::1]:53 for IPv6 (default: the config's "
                    + "`listen`, else 127.0.0.1:5300).")
    List<String> listen;

    @Option(names = "--threads", paramLabel = "N", description = "Event-loop threads (default: number of CPUs).")
    Integer threads;

    @Option(names = "--strict", description = "Refuse to serve a zone whose policy records (CAA, SPF, DMARC, DKIM, "
            + "MTA-STS, TLS-RPT) have lint errors (default: serve it and log the errors).")
    boolean strict;

    @Option(names = "--http", paramLabel = "ADDR:PORT",
            description = "Serve /metrics (Prometheus), /health and /ready over HTTP, e.g. 127.0.0.1:9153 (default: off).")
    String http;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error or off (default: info, or -Dtomldns.log.level).")
    String logLevel;

    @Option(names = "--query-log-sample", paramLabel = "N", defaultValue = "0",
            description = "Log one query in N on logger tomldns.query; 1 logs every query (default: 0 = off).")
    int queryLogSample;

    @Option(names = "--nsid", paramLabel = "ID",
            description = "Name server identifier sent to queries that ask for it (RFC 5001, dig +nsid): a string, "
                    + "or 0x and hex digits (default: the config's `nsid`, else none).")
    String nsid;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process id here (for `tomldns reload`).")
    Path pidFile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Writable folder for what must survive restarts (managed SOA serials) and the control "
                    + "socket of `tomldns reload` (default: the config's `state-dir`, else $STATE_DIRECTORY as "
                    + "systemd's StateDirectory= sets it, else the zones folder).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        if (logLevel != null) {
            LogLevel.setRoot(logLevel);
        }
        InetSocketAddress httpAddress = http == null ? null : ListenAddress.parse(http);
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String l : listen == null ? List.<String>of() : listen) {
            addresses.add(ListenAddress.parse(l));
        }
        Nsid cliNsid;
        try {
            cliNsid = nsid == null ? null : Nsid.parse(nsid);
        } catch (IllegalArgumentException e) {
            log.error("--nsid '{}': {}", nsid, e.getMessage());
            return 1;
        }
        ServerConfig settings;
        try {
            settings = config == null ? ServerConfig.empty() : ServerConfigReader.read(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> log.error("{}", p));
            return 1;
        }
        // Command-line flags override the file; then the built-in defaults.
        settings = settings.withOverrides(addresses, zones);
        addresses = settings.listen().isEmpty() ? List.of(ListenAddress.parse("127.0.0.1:5300")) : settings.listen();
        Path zones = settings.zonesDir() != null ? settings.zonesDir() : Path.of("zones");
        if (!Files.isDirectory(zones)) {
            log.error("{}: zones folder not found", zones);
            return 1;
        }
        StateDirectory state;
        try {
            state = StateDirectory.choose(stateDir, settings.stateDir(), System.getenv(), zones);
        } catch (StateDirectoryException e) {
            log.error("{}", e.getMessage());
            return 1;
        }
        DynamicZones dynamic;
        try {
            dynamic = DynamicZones.in(state, settings.dataDir());
        } catch (java.io.IOException e) {
            log.error("{}", e.getMessage());
            return 1;
        }
        // Metrics are kept where they can be read: without --http there is no /metrics, so no registry. Making one
        // (Prometheus registry, JVM and process meters) took about half a second of start-up on one CPU.
        MicrometerDnsMetrics micrometer = httpAddress == null ? null : MicrometerDnsMetrics.prometheus();
        DnsMetrics metrics = micrometer != null ? micrometer : DnsMetrics.NOOP;
        ZoneReadiness readiness = new ZoneReadiness();
        ZoneRegistry registry = new ZoneRegistry();
        SignatureReporting.install(registry, metrics, readiness);
        QueryProcessor processor = new QueryProcessor(registry, metrics, QueryLog.sampling(queryLogSample));
        XfrServices xfr = XfrServices.install(settings, registry, processor, metrics,
                new SecondaryReporting(metrics, readiness));
        ReloadReporting reporting = new ReloadReporting(metrics, readiness, xfr, strict);
        Reloader reloader = new Reloader(zones, state, registry, java.time.Clock.systemUTC());
        OnlineSigning signing;
        try {
            signing = OnlineSigning.install(settings.signing(), state, reloader, java.time.Clock.systemUTC());
        } catch (SigningException e) {
            log.error("not starting: {}", e.getMessage());
            xfr.close();
            closeMetrics(micrometer);
            return 1;
        }
        reporting.install(reloader, dynamic::merge);
        settings.warnings().forEach(w -> log.warn("{}", w));
        UpdateService updates = new UpdateService(registry, reloader, settings, dynamic, metrics, strict,
                java.time.Clock.systemUTC());
        processor.setUpdateStage(updates);
        HotReload hot = HotReload.start(reloader, HotReload.DEFAULT_QUIET, true); // the first load, watcher, SIGHUP
        if (!reporting.secondaryClashes().isEmpty()) {
            log.error("not starting: {}", String.join("; ", reporting.secondaryClashes()));
            hot.close();
            xfr.close();
            closeMetrics(micrometer);
            return 1;
        }
        // Before the pid file: whoever finds the pid finds the socket too.
        Optional<ControlSocket> control = ControlSocket.open(ControlSocket.in(state), hot::reloadNow);
        if (pidFile != null) {
            PidFile.write(pidFile);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Nsid nsid = cliNsid != null ? cliNsid : settings.nsid();
        EdnsOptions edns = new EdnsOptions(nsid, settings.cookies().serverCookie(), settings.cookies().require());
        processor.setEdnsOptions(edns);
        ResponseRateLimit rrl = settings.rrl() == null ? null : new ResponseRateLimit(settings.rrl(), metrics);
        if (rrl != null) {
            // RFC 7873 §5.3, as BIND: a client that returns a valid server cookie receives at its address.
            rrl.exemption((query, client) -> edns.validCookieIn(query, client.getAddress()));
        }
        DnsServer server = new DnsServer(processor, settings.tcp(), n, rrl);
        List<InetSocketAddress> bound = server.listen(addresses);
        registry.addListener(catalog -> HeapTrim.afterSwap());
        // The policy lint of the first load starts now that the zones are answered; then the heap that loading and
        // the lint grew is trimmed. A later reload's lint also runs after its swap: the trim waits for it too.
        // The fast path's index comes after that trim (queries take the reference path until it is built).
        hot.serving(() -> {
            HeapTrim.afterLoad();
            server.buildFastPathIndex();
        }, HeapTrim::afterSwap);
        HttpEndpoint endpoint = httpAddress == null ? null
                : HttpEndpoint.start(httpAddress, (PrometheusMeterRegistry) micrometer.registry(), readiness,
                        settings.http());
        logStartup(bound, endpoint, registry.current());
        CountDownLatch stopped = new CountDownLatch(1);
        GracefulShutdown.install(() -> {
            log.info("shutting down");
            if (endpoint != null) {
                endpoint.close();
            }
            server.close();
            updates.close();
            control.ifPresent(ControlSocket::close);
            hot.close();
            if (signing != null) {
                signing.close();
            }
            if (pidFile != null) {
                PidFile.delete(pidFile);
            }
            xfr.close();
            closeMetrics(micrometer);
            stopped.countDown();
        });
        stopped.await();
        log.info("stopped");
        return 0;
    }

    private static void closeMetrics(MicrometerDnsMetrics micrometer) {
        if (micrometer != null) {
            micrometer.close();
        }
    }

    /** The one INFO line an operator greps for: what runs, where, and which zone versions it serves. */
    private static void logStartup(List<InetSocketAddress> bound, HttpEndpoint endpoint, Catalog catalog) {
        String zoneList = catalog.zones().stream()
                .sorted((a, b) -> a.origin().compareTo(b.origin()))
                .limit(20)
                .map(z -> z.origin() + " " + z.serial())
                .collect(Collectors.joining(", "));
        if (catalog.size() > 20) {
            zoneList += ", ... " + (catalog.size() - 20) + " more";
        }
        log.info("tomldns {} started: dns {} (udp+tcp), http {}, {} zone(s): [{}]", Version.get(), bound,
                endpoint == null ? "off" : endpoint.address(), catalog.size(), zoneList);
    }
}
