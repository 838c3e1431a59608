package dev.tomldns.cli;

import dev.tomldns.http.HttpEndpoint;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.LogLevel;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tomldns serve --zones DIR --listen ADDR:PORT...}: load the zones and answer on UDP and TCP. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the zones in a folder over UDP and TCP.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
            description = "Folder of *.toml zone files (default: ${DEFAULT-VALUE}).")
    Path zones;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:5300",
            description = "Address to serve on, UDP and TCP; repeatable; [::1]:53 for IPv6 (default: ${DEFAULT-VALUE}).")
    List<String> listen;

    @Option(names = "--threads", paramLabel = "N", description = "Event-loop threads (default: number of CPUs).")
    Integer threads;

    @Option(names = "--http", paramLabel = "ADDR:PORT",
            description = "Serve /metrics (Prometheus), /health and /ready over HTTP, e.g. 127.0.0.1:9153 (default: off).")
    String http;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error or off (default: info, or -Dtomldns.log.level).")
    String logLevel;

    @Option(names = "--query-log-sample", paramLabel = "N", defaultValue = "0",
            description = "Log one query in N on logger tomldns.query; 1 logs every query (default: 0 = off).")
    int queryLogSample;

    @Override
    public Integer call() throws Exception {
        if (logLevel != null) {
            LogLevel.setRoot(logLevel);
        }
        InetSocketAddress httpAddress = http == null ? null : ListenAddress.parse(http);
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String l : listen) {
            addresses.add(ListenAddress.parse(l));
        }
        if (!Files.isDirectory(zones)) {
            log.error("{}: zones folder not found", zones);
            return 1;
        }
        MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
        ZoneReadiness readiness = new ZoneReadiness();
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(load(zones, metrics, readiness));
        QueryProcessor processor = new QueryProcessor(registry, metrics, QueryLog.sampling(queryLogSample));
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        DnsServer server = new DnsServer(processor, TcpSettings.DEFAULTS, n);
        List<InetSocketAddress> bound = server.start(addresses);
        HttpEndpoint endpoint = httpAddress == null ? null
                : HttpEndpoint.start(httpAddress, (PrometheusMeterRegistry) metrics.registry(), readiness);
        logStartup(bound, endpoint, registry.current());
        CountDownLatch stopped = new CountDownLatch(1);
        GracefulShutdown.install(() -> {
            log.info("shutting down");
            if (endpoint != null) {
                endpoint.close();
            }
            server.close();
            metrics.close();
            stopped.countDown();
        });
        stopped.await();
        log.info("stopped");
        return 0;
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

    /** Loads every zone file of a folder, logging each problem; files with errors are left out. */
    static Catalog load(Path dir) throws java.io.IOException {
        return load(dir, DnsMetrics.NOOP, new ZoneReadiness());
    }

    /** As {@link #load(Path)}, and reports each file's result to the metrics and the readiness check. */
    static Catalog load(Path dir, DnsMetrics metrics, ZoneReadiness readiness) throws java.io.IOException {
        List<ZoneFile> files = ZoneDirectory.readAll(ZoneDirectory.list(dir), new ZoneFileReader());
        for (ZoneFile zf : files) {
            for (Diagnostic d : zf.diagnostics()) {
                if (d.isError()) {
                    log.error("{}", d);
                } else {
                    log.warn("{}", d);
                }
            }
            if (zf.ok()) {
                Zone z = zf.zone();
                log.info("loaded zone {} serial {} from {} ({} records)", z.origin(), z.serial(), zf.file(),
                        z.records().size());
                metrics.reload(z.origin(), true, null);
                metrics.serial(z.origin(), z.serial());
                readiness.loaded(zf.file().toString());
            } else {
                log.error("{}: zone not served: {} error(s)", zf.file(), zf.errors().size());
                String firstError = zf.errors().isEmpty() ? "not loaded" : zf.errors().get(0).toString();
                readiness.failed(zf.file().toString(), firstError);
                Name origin = originOf(zf.file());
                if (origin != null) {
                    metrics.reload(origin, false, firstError);
                }
            }
        }
        return ZoneDirectory.catalogOf(files);
    }

    /** The origin a zone file's name implies (zone-format.md: the file name minus ".toml"), or null. */
    private static Name originOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".toml")) {
            name = name.substring(0, name.length() - ".toml".length());
        }
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }
}
