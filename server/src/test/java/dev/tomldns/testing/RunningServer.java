package dev.tomldns.testing;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.ReloadState;
import dev.tomldns.server.Server;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@link Server} {@code serve --zones} starts (two event-loop threads, Netty UDP and TCP on 127.0.0.1 and a port
 * the kernel picks, no configuration file), serving a folder of zones that must load without errors. The folder is
 * not watched (fixtures do not change) and the server's state goes to a temporary folder of its own, so nothing is
 * written beside the zones.
 */
public final class RunningServer implements AutoCloseable {
    public final Server running;
    public final ZoneRegistry registry;
    public final QueryProcessor processor;
    public final InetSocketAddress address;
    private final Path state;

    public RunningServer(Path zones) throws Exception {
        this(zones, TcpSettings.DEFAULTS);
    }

    public RunningServer(Path zones, TcpSettings tcp) throws Exception {
        this(zones, b -> b.tcp(tcp));
    }

    /** As above, with {@code options} applied to the builder last (EDNS options, rate limiting, threads...). */
    public RunningServer(Path zones, Consumer<Server.Builder> options) throws Exception {
        state = Files.createTempDirectory("tomldns-state");
        Server started;
        try {
            Server.Builder b = Server.builder(ServerConfig.empty()).zones(zones).state(StateDirectory.open(state))
                    .threads(2).watch(false).listen(List.of(new InetSocketAddress("127.0.0.1", 0)));
            options.accept(b);
            started = b.start();
        } catch (Exception | Error e) {
            deleteState();
            throw e;
        }
        running = started;
        ReloadState loaded = running.reloader().state();
        if (!loaded.ok()) {
            close();
            throw new AssertionError("fixture zone has errors: " + loaded.failingFiles());
        }
        registry = running.registry();
        processor = running.processor();
        address = running.address();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        running.close();
        deleteState();
    }

    private void deleteState() {
        try (Stream<Path> files = Files.walk(state)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
