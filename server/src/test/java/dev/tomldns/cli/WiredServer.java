package dev.tomldns.cli;

import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.reload.HotReload;
import dev.tomldns.server.Server;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@link Server} {@code serve --config} starts, in-process on a loopback port, with Prometheus metrics kept
 * (as with {@code --http}, without the endpoint), one event-loop thread and no SIGHUP; its parts as fields.
 */
final class WiredServer implements AutoCloseable {
    final Server running;
    final MicrometerDnsMetrics metrics = MicrometerDnsMetrics.prometheus();
    final ZoneReadiness readiness;
    final ZoneRegistry registry;
    final XfrServices xfr;
    final HotReload hot;
    final DnsServer server;
    final int port;

    /** Starts with the server configuration {@code config} (its {@code zones} folder), on {@code port} (0: any). */
    WiredServer(Path config, int port) throws Exception {
        this(config, port, true);
    }

    /** As above; with {@code clashStopsStart} false a zone file clashing with a secondary is left out instead. */
    WiredServer(Path config, int port, boolean clashStopsStart) throws Exception {
        running = Server.builder(ServerConfigReader.read(config)).metrics(metrics)
                .listen(List.of(new InetSocketAddress("127.0.0.1", port))).clashStopsStart(clashStopsStart).start();
        readiness = running.readiness();
        registry = running.registry();
        xfr = running.xfr();
        hot = running.hot();
        server = running.transport();
        this.port = running.port();
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
        running.close();
    }
}
