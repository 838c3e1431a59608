package dev.tomldns.edns;

import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import java.net.InetSocketAddress;

/**
 * The {@link dev.tomldns.server.Server} {@code serve} starts (a {@link RunningServer}, one event-loop thread) over the
 * example zones, with the given EDNS options in place of those a configuration's {@code nsid} and {@code [cookies]}
 * make.
 */
final class EdnsServer implements AutoCloseable {
    final InetSocketAddress address;
    private final RunningServer server;

    /** {@code rrl} null: no rate limiting; otherwise valid cookies exempt from it, as serve wires them. */
    EdnsServer(EdnsOptions options, RrlSettings rrl) throws Exception {
        server = new RunningServer(Fixture.exampleZones(), b -> b.edns(options).rrl(rrl).threads(1));
        address = server.address;
    }

    String port() {
        return Integer.toString(address.getPort());
    }

    @Override
    public void close() {
        server.close();
    }
}
