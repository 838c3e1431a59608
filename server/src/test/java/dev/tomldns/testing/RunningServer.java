package dev.tomldns.testing;

import dev.tomldns.query.QueryProcessor;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** The real server (Netty UDP+TCP) on 127.0.0.1 and a port the kernel picks, serving a folder of zones. */
public final class RunningServer implements AutoCloseable {
    public final ZoneRegistry registry = new ZoneRegistry();
    public final QueryProcessor processor = new QueryProcessor(registry);
    private final DnsServer server;
    public final InetSocketAddress address;

    public RunningServer(Path zones) throws Exception {
        this(zones, TcpSettings.DEFAULTS);
    }

    public RunningServer(Path zones, TcpSettings tcp) throws Exception {
        registry.set(Fixture.load(zones));
        server = new DnsServer(processor, tcp, 2);
        address = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
