package dev.tomldns.cli;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.edns.Nsid;
import dev.tomldns.http.HttpEndpoint;
import dev.tomldns.metrics.LogLevel;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.server.Server;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.state.StateDirectoryException;
import dev.tomldns.zone.Catalog;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
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
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Server server;
        try {
            // Metrics are kept where they can be read: without --http there is no /metrics, so no registry. Making
            // one (Prometheus registry, JVM and process meters) took about half a second of start-up on one CPU.
            server = Server.builder(settings).zones(zones).listen(addresses).state(state).strict(strict).threads(n)
                    .nsid(cliNsid).queryLog(QueryLog.sampling(queryLogSample)).http(httpAddress).hangup(true).controlSocket(true)
                    .heapTrim(true).start();
        } catch (Server.StartException e) {
            log.error("not starting: {}", e.getMessage());
            return 1;
        }
        if (pidFile != null) {
            PidFile.write(pidFile);
        }
        logStartup(server.addresses(), server.http().orElse(null), server.registry().current());
        CountDownLatch stopped = new CountDownLatch(1);
        GracefulShutdown.install(() -> {
            log.info("shutting down");
            server.close();
            if (pidFile != null) {
                PidFile.delete(pidFile);
            }
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
}
