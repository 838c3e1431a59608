package dev.tomldns.dnssec.sign;

import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.reload.Reloader;
import dev.tomldns.server.Server;
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
 * The {@link Server} {@code serve --config} starts for a signed zone, in-process on a loopback port the kernel picks:
 * the real configuration reader, reloader, online signing (on the test's {@link MovableClock}; the test calls
 * {@link OnlineSigning#refreshDue} itself rather than wait the minute of the background refresh), transfers (AXFR/IXFR
 * out, NOTIFY), dynamic update and the Netty server. The zones folder is not watched: the test reloads through
 * {@link #reloader} after an edit, as {@code tomldns reload} would.
 */
final class SigningServer implements AutoCloseable {
    final Server running;
    final ZoneRegistry registry;
    final Reloader reloader;
    final OnlineSigning signing;
    final int port;

    SigningServer(Path config, MovableClock clock) throws Exception {
        running = Server.builder(ServerConfigReader.read(config)).clock(clock).watch(false)
                .listen(List.of(new InetSocketAddress("127.0.0.1", 0))).start();
        registry = running.registry();
        reloader = running.reloader();
        signing = running.signing().orElseThrow(() -> new AssertionError("no zone of " + config + " is signed"));
        port = running.port();
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
        running.close();
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
