package dev.tomldns.cli;

import dev.tomldns.lint.ZoneLint;
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

    @Option(names = "--strict", description = "Refuse to serve a zone whose policy records (CAA, SPF, DMARC, DKIM, "
            + "MTA-STS, TLS-RPT) have lint errors (default: serve it and log the errors).")
    boolean strict;

    @Option(names = "--threads", paramLabel = "N", description = "Event-loop threads (default: number of CPUs).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String l : listen) {
            addresses.add(ListenAddress.parse(l));
        }
        if (!Files.isDirectory(zones)) {
            log.error("{}: zones folder not found", zones);
            return 1;
        }
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(load(zones, strict));
        QueryProcessor processor = new QueryProcessor(registry);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        DnsServer server = new DnsServer(processor, TcpSettings.DEFAULTS, n);
        server.start(addresses);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            stopped.countDown();
        }, "tomldns-shutdown"));
        stopped.await();
        return 0;
    }

    /** Loads every zone file of a folder, logging each problem; files with errors are left out. */
    static Catalog load(Path dir) throws java.io.IOException {
        return load(dir, false);
    }

    /**
     * Loads every zone file of a folder, logging each problem (policy-lint errors and warnings included); files with
     * errors are left out, and with {@code strict} so are files whose policy records have lint errors.
     */
    static Catalog load(Path dir, boolean strict) throws java.io.IOException {
        List<ZoneFile> read = ZoneDirectory.readAll(ZoneDirectory.list(dir), new ZoneFileReader());
        List<ZoneFile> files = ZoneLint.apply(read, ZoneLint.findings(read), strict);
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
            } else {
                log.error("{}: zone not served: {} error(s)", zf.file(), zf.errors().size());
            }
        }
        return ZoneDirectory.catalogOf(files);
    }
}
