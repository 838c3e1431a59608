package dev.tomldns.interop;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.reload.ReloadState;
import dev.tomldns.server.Server;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * tomldns itself, in-process but on real loopback sockets: the {@link Server} {@code serve --config} starts (one
 * event-loop thread, no SIGHUP), on the given port. A configuration without a zones folder (a secondary only) gets
 * an empty one of its own.
 */
public final class Tomldns implements AutoCloseable {
    private final Server server;
    private final Path emptyZones;

    /** Starts on {@code port} (0: any free port) serving the TOML zones in {@code config.zonesDir()}. */
    public Tomldns(ServerConfig config, int port) throws Exception {
        Path zones = config.zonesDir();
        emptyZones = zones == null || !Files.isDirectory(zones) ? Files.createTempDirectory("tomldns-zones") : null;
        Server.Builder b = Server.builder(config).listen(List.of(new InetSocketAddress(PeerServer.LOOPBACK, port)));
        if (emptyZones != null) {
            b.zones(emptyZones);
        }
        server = b.start();
        ReloadState state = server.reloader().state();
        if (!state.ok()) {
            close();
            throw new IllegalArgumentException("test zone has errors: " + state.failingFiles());
        }
    }

    public int port() {
        return server.port();
    }

    public XfrServices xfr() {
        return server.xfr();
    }

    public ZoneRegistry registry() {
        return server.registry();
    }

    /**
     * Reloads the zones folder after {@code tomlFile} was edited, as the watcher or {@code tomldns reload} would
     * (the transfer side hears of it: IXFR journal, NOTIFY), and returns the zone the file now serves.
     */
    public Zone reload(Path tomlFile) {
        ReloadState state = server.reloader().reload();
        if (!state.ok()) {
            throw new IllegalArgumentException("edited zone has errors: " + state.failingFiles());
        }
        ZoneFile f = new ZoneFileReader().read(tomlFile);
        return server.registry().current().zone(f.zone().origin());
    }

    @Override
    public void close() {
        server.close();
        if (emptyZones != null) {
            try {
                Files.deleteIfExists(emptyZones.resolve(".tomldns-state.toml"));
                Files.deleteIfExists(emptyZones);
            } catch (IOException e) {
                // a temporary folder; the system cleans it
            }
        }
    }
}
