package dev.tomldns.edns;

import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.rrl.ResponseRateLimit;
import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.testing.Fixture;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.util.List;

/** The real server (Netty UDP and TCP on 127.0.0.1, port 0) over the example zones with the given EDNS options. */
final class EdnsServer implements AutoCloseable {
    final InetSocketAddress address;
    private final DnsServer server;

    /** {@code rrl} null: no rate limiting; otherwise valid cookies exempt from it, as serve wires them. */
    EdnsServer(EdnsOptions options, RrlSettings rrl) throws Exception {
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(Fixture.load(Fixture.exampleZones()));
        QueryProcessor processor = new QueryProcessor(registry);
        processor.setEdnsOptions(options);
        ResponseRateLimit limit = rrl == null ? null : new ResponseRateLimit(rrl, DnsMetrics.NOOP);
        if (limit != null) {
            limit.exemption((query, client) -> options.validCookieIn(query, client.getAddress()));
        }
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 1, limit);
        address = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
    }

    String port() {
        return Integer.toString(address.getPort());
    }

    @Override
    public void close() {
        server.close();
    }
}
