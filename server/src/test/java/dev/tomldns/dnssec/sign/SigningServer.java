package dev.tomldns.dnssec.sign;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.Reloader;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.update.DynamicZones;
import dev.tomldns.update.UpdateService;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The parts {@code serve --config} wires for a signed zone, in-process on a loopback port (0: any): the real
 * configuration reader, reloader, online signing (refresh driven by the test through {@link #signing}, on the
 * test's {@link MovableClock}), transfers (AXFR/IXFR out, NOTIFY) and dynamic update, and the Netty server.
 */
final class SigningServer implements AutoCloseable {
    final ZoneRegistry registry = new ZoneRegistry();
    final ServerConfig settings;
    final Reloader reloader;
    final OnlineSigning signing;
    final XfrServices xfr;
    final UpdateService updates;
    final DnsServer server;
    final int port;

    SigningServer(Path config, MovableClock clock) throws Exception {
        settings = ServerConfigReader.read(config);
        QueryProcessor processor = new QueryProcessor(registry);
        xfr = XfrServices.install(settings, registry, processor);
        StateDirectory state = StateDirectory.open(settings.stateDir());
        reloader = new Reloader(settings.zonesDir(), state, registry, clock);
        reloader.addListener(change -> {
            if (change.ok() && change.newZone() != null) {
                xfr.primaryZoneChanged(change.oldZone(), change.newZone(), change.alsoNotify());
            }
        });
        signing = new OnlineSigning(settings.signing(), ZoneKeyStore.in(state), clock);
        signing.attach(reloader);
        DynamicZones dynamic = DynamicZones.in(state, settings.dataDir());
        updates = new UpdateService(registry, reloader, settings, dynamic, dev.tomldns.metrics.DnsMetrics.NOOP,
                false, clock);
        processor.setUpdateStage(updates);
        reloader.reload();
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 1);
        port = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0).getPort();
    }

    /** A configuration file for {@code zones} signed with {@code dnssec} (TOML value), transfers open to loopback. */
    static Path config(Path dir, String zone, String dnssec) throws Exception {
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, """
                zones = "zones"
                state-dir = "state"
                data-dir = "data"

                [[key]]
                name = "update-key"
                algorithm = "hmac-sha256"
                secret = "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ="

                [[zone]]
                name = "%s"
                allow-transfer = ["127.0.0.1"]
                allow-update = [ { key = "update-key", subtree = ["@"], types = ["A", "TXT", "AAAA"] } ]
                dnssec = %s
                """.formatted(zone, dnssec));
        return config;
    }

    Zone zone(Name origin) {
        return registry.current().zones().stream().filter(z -> z.origin().equals(origin)).findFirst()
                .orElseThrow(() -> new AssertionError("zone " + origin + " not served"));
    }

    String address() {
        return "127.0.0.1";
    }

    @Override
    public void close() {
        server.close();
        updates.close();
        signing.close();
        xfr.close();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
