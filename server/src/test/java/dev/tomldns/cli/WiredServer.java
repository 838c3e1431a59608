package dev.tomldns.cli;

import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.metrics.QueryLog;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.HotReload;
import dev.tomldns.reload.Reloader;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The parts {@code serve --config} wires together, in-process on a loopback port: metrics, readiness, transfer
 * services (with {@link SecondaryReporting}), hot reload with {@link ReloadReporting} (no watcher debounce change, no
 * SIGHUP) and the Netty server.
 */
final class WiredServer implements AutoCloseable {
    final MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
    final ZoneReadiness readiness = new ZoneReadiness();
    final ZoneRegistry registry = new ZoneRegistry();
    final XfrServices xfr;
    final HotReload hot;
    final DnsServer server;
    final int port;

    /** Starts with the server configuration {@code config} (its {@code zones} folder), on {@code port} (0: any). */
    WiredServer(Path config, int port) throws Exception {
        var settings = ServerConfigReader.read(config);
        QueryProcessor processor = new QueryProcessor(registry, metrics, QueryLog.OFF);
        xfr = XfrServices.install(settings, registry, processor, metrics, new SecondaryReporting(metrics, readiness));
        ReloadReporting reporting = new ReloadReporting(metrics, readiness, xfr, false);
        Reloader reloader = new Reloader(settings.zonesDir(), registry);
        reporting.install(reloader);
        hot = HotReload.start(reloader, HotReload.DEFAULT_QUIET, false);
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 1);
        this.port = server.start(List.of(new InetSocketAddress("127.0.0.1", port))).get(0).getPort();
        hot.serving();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** A counter's value, 0 when it was never registered. */
    double count(String name, String... tags) {
        var search = metrics.registry().find(name).tags(tags).counter();
        return search == null ? 0 : search.count();
    }

    /** Waits (at most {@code seconds}) until {@code done}; fails with {@code what} otherwise. */
    static void await(int seconds, BooleanSupplier done, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.close();
        hot.close();
        xfr.close();
        metrics.close();
    }
}
