package dev.tomldns.interop;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * tomldns itself, in-process but on real loopback sockets: the same registry, query processor,
 * Netty server and transfer services {@code serve --config} wires up.
 */
public final class Tomldns implements AutoCloseable {
    private final ZoneRegistry registry = new ZoneRegistry();
    private final DnsServer server;
    private final XfrServices xfr;
    private final Path zonesDir;
    private final int port;

    /** Starts on {@code port} (0: any free port) serving the TOML zones in {@code config.zonesDir()}. */
    public Tomldns(ServerConfig config, int port) throws Exception {
        this.zonesDir = config.zonesDir();
        if (zonesDir != null && Files.isDirectory(zonesDir)) {
            List<ZoneFile> files = ZoneDirectory.readAll(ZoneDirectory.list(zonesDir), new ZoneFileReader());
            for (ZoneFile f : files) {
                if (!f.ok()) {
                    throw new IllegalArgumentException("test zone has errors: " + f.diagnostics());
                }
            }
            registry.set(ZoneDirectory.catalogOf(files));
        }
        QueryProcessor processor = new QueryProcessor(registry);
        xfr = XfrServices.install(config, registry, processor);
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 1);
        this.port = server.start(List.of(new InetSocketAddress(PeerServer.LOOPBACK, port))).get(0).getPort();
    }

    public int port() {
        return port;
    }

    public XfrServices xfr() {
        return xfr;
    }

    public ZoneRegistry registry() {
        return registry;
    }

    /**
     * Re-reads one TOML zone and swaps it in, then tells the transfer side (IXFR journal, NOTIFY):
     * the steps a reload performs for an edited file.
     */
    public Zone reload(Path tomlFile) {
        ZoneFile f = new ZoneFileReader().read(tomlFile);
        if (!f.ok()) {
            throw new IllegalArgumentException("edited zone has errors: " + f.diagnostics());
        }
        Zone older = registry.current().zone(f.zone().origin());
        registry.update(c -> c.with(f.zone()));
        xfr.primaryZoneChanged(older, f.zone());
        return f.zone();
    }

    @Override
    public void close() {
        server.close();
        xfr.close();
    }
}
