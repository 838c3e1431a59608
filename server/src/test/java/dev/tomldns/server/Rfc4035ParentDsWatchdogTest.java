package dev.tomldns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.cli.Cli;
import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerServer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.state.StateDirectory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The parent-DS watchdog of {@code serve} (RFC 4035 §5.2): four zones signed online, each with
 * {@code dnssec = { parent-ds-server = ... }}; a real NSD serves their parent with the DS {@code tomldns dnssec ds}
 * prints ({@code good}), a wrong one ({@code wrong}) and none ({@code none}); {@code down}'s parent server is not
 * running. {@code /ready} and the gauges {@code dns_zone_ds_match} and {@code dns_zone_dnskey_without_ds} say so;
 * after the registrar's fix the server is ready again; with the parent down, the last answer stands and
 * {@code /ready} says the DS is not checked.
 */
class Rfc4035ParentDsWatchdogTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void readyAndGaugesFollowTheParentsDs() throws Exception {
        int nsdPort = PeerServer.freePort();
        int closed = PeerServer.freePort();
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.createDirectories(dir.resolve("state"));
        StringBuilder c = new StringBuilder("zones = \"zones\"\nstate-dir = \"state\"\n");
        for (String label : List.of("good", "wrong", "none", "down")) {
            Cli.zone(zones, label + ".parent.test", "");
            c.append("\n[[zone]]\nname = \"").append(label).append(".parent.test.\"\n")
                    .append("dnssec = { parent-ds-server = \"127.0.0.1:")
                    .append(label.equals("down") ? closed : nsdPort).append("\" }\n");
        }
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, c.toString());
        // serve's first load makes the keys; the DS the user gives the registrar comes from `tomldns dnssec ds`.
        start(config, false).close();
        String goodDs = ds(config, "good.parent.test.");
        String rightWrongDs = ds(config, "wrong.parent.test.");
        String wrongDs = rightWrongDs.substring(0, rightWrongDs.length() - 1)
                + (rightWrongDs.endsWith("0") ? "1" : "0");

        try (NsdPeer parent = parent(nsdPort, goodDs, wrongDs); Server s = start(config, true)) {
            ParentDsReporting watchdog = s.parentDs().orElseThrow();
            watchdog.checkNow();
            HttpResponse<String> ready = get(s, "/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().startsWith("1 zone(s) whose DS at the parent matches no DNSKEY; zone "
                    + "wrong.parent.test.: the DS at the parent (asked 127.0.0.1:" + nsdPort + ")"), ready.body());
            assertTrue(ready.body().contains("bogus to validating resolvers"), ready.body());
            assertTrue(ready.body().contains("; warning: 2 problem(s) with the DS at the parent"), ready.body());
            assertTrue(ready.body().contains("zone none.parent.test.: no DS at the parent"), ready.body());
            assertTrue(ready.body().contains("zone down.parent.test.: the DS at the parent is not checked: nothing "
                    + "answers DNS at 127.0.0.1:" + closed), ready.body());
            assertFalse(ready.body().contains("good.parent.test."), ready.body());
            String metrics = get(s, "/metrics").body();
            assertEquals("1.0", gauge(metrics, "dns_zone_ds_match", "good.parent.test."), metrics);
            assertEquals("0.0", gauge(metrics, "dns_zone_ds_match", "wrong.parent.test."), metrics);
            assertEquals("0.0", gauge(metrics, "dns_zone_ds_match", "none.parent.test."), metrics);
            assertEquals(null, gauge(metrics, "dns_zone_ds_match", "down.parent.test."), metrics);
            assertEquals("0.0", gauge(metrics, "dns_zone_dnskey_without_ds", "good.parent.test."), metrics);
            assertEquals("1.0", gauge(metrics, "dns_zone_dnskey_without_ds", "wrong.parent.test."), metrics);
            assertEquals("1.0", gauge(metrics, "dns_zone_dnskey_without_ds", "none.parent.test."), metrics);

            // The registrar fixes the DS of wrong.parent.test.: at the next check the server is ready again.
            parent.close();
            try (NsdPeer fixed = parent(nsdPort, goodDs, rightWrongDs)) {
                watchdog.checkNow();
                ready = get(s, "/ready");
                assertEquals(200, ready.statusCode(), ready.body());
                assertTrue(ready.body().startsWith("ready; warning: 2 problem(s) with the DS at the parent"),
                        ready.body());
                assertEquals("1.0", gauge(get(s, "/metrics").body(), "dns_zone_ds_match", "wrong.parent.test."));
            }

            // The parent down: nothing is known, the last answer's gauges stand, /ready says why.
            watchdog.checkNow();
            ready = get(s, "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("zone good.parent.test.: the DS at the parent is not checked: "),
                    ready.body());
            assertEquals("1.0", gauge(get(s, "/metrics").body(), "dns_zone_ds_match", "good.parent.test."));
        }
    }

    /**
     * RFC 7583 §3.3.1: a KSK rollover publishes the successor's DNSKEY, whose DS the parent does not have yet. The
     * watchdog asks as soon as the DNSKEY RRset changes (not at the next hourly check): {@code /ready} warns about
     * the new key and {@code dns_zone_dnskey_without_ds} counts it, while the old key's DS still matches.
     */
    @Test
    void aNewKskIsCheckedAtOnceWhenPublished() throws Exception {
        int nsdPort = PeerServer.freePort();
        Cli.zone(Files.createDirectories(dir.resolve("zones")), "good.parent.test", "");
        Files.createDirectories(dir.resolve("state"));
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, "zones = \"zones\"\nstate-dir = \"state\"\n\n[[zone]]\nname = \"good.parent.test.\"\n"
                + "dnssec = { ksk-lifetime-days = 1, parent-ds-server = \"127.0.0.1:" + nsdPort + "\" }\n");
        Name zone = Name.fromConstantString("good.parent.test.");
        MovableClock clock = new MovableClock(java.time.Instant.now());
        Server.Builder b = Server.builder(ServerConfigReader.read(config))
                .state(StateDirectory.open(dir.resolve("state"))).watch(false).clock(clock)
                .http(new InetSocketAddress("127.0.0.1", 0));
        try (Server s = b.start()) {
            String oldDs = ds(config, "good.parent.test.");
            try (NsdPeer parent = parent(nsdPort, oldDs, oldDs)) {
                ParentDsReporting watchdog = s.parentDs().orElseThrow();
                watchdog.checkNow();
                assertEquals(200, get(s, "/ready").statusCode());
                assertEquals("ready", get(s, "/ready").body().trim());
                assertEquals("0.0", gauge(get(s, "/metrics").body(), "dns_zone_dnskey_without_ds", zone.toString()));
                // Time passes until the rollover publishes the successor (bounded: 10 steps of 12 hours).
                for (int step = 0; step < 10 && dnskeys(s, zone) < 2; step++) {
                    clock.now = clock.now.plus(Duration.ofHours(12));
                    s.signing().orElseThrow().refreshDue();
                }
                assertEquals(2, dnskeys(s, zone), "a successor KSK published within 5 days");
                String body = "";
                for (int i = 0; i < 100 && !body.contains("has no DS at the parent"); i++) {
                    Thread.sleep(100);
                    body = get(s, "/ready").body();
                }
                assertTrue(body.startsWith("ready; warning: 1 problem(s) with the DS at the parent; zone "
                        + "good.parent.test.: key "), body);
                assertTrue(body.contains("has no DS at the parent (asked 127.0.0.1:" + nsdPort + "): give the "
                        + "registrar its DS"), body);
                String metrics = get(s, "/metrics").body();
                assertEquals("1.0", gauge(metrics, "dns_zone_ds_match", zone.toString()), metrics);
                assertEquals("1.0", gauge(metrics, "dns_zone_dnskey_without_ds", zone.toString()), metrics);
            }
        }
    }

    private static int dnskeys(Server s, Name zone) {
        org.xbill.DNS.RRset keys = s.registry().current().zone(zone).rrset(zone, org.xbill.DNS.Type.DNSKEY);
        return keys == null ? 0 : keys.size();
    }

    /** A clock the test moves (the signer's rollover follows it; the watchdog asks in real time). */
    private static final class MovableClock extends java.time.Clock {
        volatile java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void aParentDsServerThatIsNoAddressIsAConfigurationError() throws Exception {
        Path config = dir.resolve("tomldns.toml");
        Files.writeString(config, """
                [[zone]]
                name = "example.test."
                dnssec = { parent-ds-server = "parent.example" }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(config));
        assertTrue(e.problems().toString().contains("zone[0].dnssec.parent-ds-server")
                && e.problems().toString().contains("parent.example"), e.problems().toString());
        Files.writeString(config, """
                [[zone]]
                name = "example.test."
                dnssec = { parent-ds-server = "[::1]:5353" }
                """);
        assertEquals(new InetSocketAddress("::1", 5353), ServerConfigReader.read(config).signing()
                .get(Name.fromConstantString("example.test.")).parentDsServer());
    }

    private Server start(Path config, boolean http) throws Exception {
        Server.Builder b = Server.builder(ServerConfigReader.read(config))
                .state(StateDirectory.open(dir.resolve("state"))).watch(false);
        if (http) {
            b.http(new InetSocketAddress("127.0.0.1", 0));
        }
        Server s = b.start();
        assertTrue(s.reloader().state().ok(), s.reloader().state().failingFiles().toString());
        return s;
    }

    /** NSD serving parent.test. with the DS of good and of wrong as given, none for none. */
    private NsdPeer parent(int port, String goodDs, String wrongDs) throws Exception {
        String text = """
                $ORIGIN parent.test.
                $TTL 300
                @ IN SOA ns.parent.test. admin.parent.test. 1 3600 600 86400 300
                @ IN NS ns.parent.test.
                ns IN A 127.0.0.1
                good IN NS ns1.good
                good IN DS %s
                wrong IN NS ns1.wrong
                wrong IN DS %s
                none IN NS ns1.none
                """.formatted(goodDs, wrongDs);
        NsdPeer nsd = new NsdPeer(Files.createTempDirectory(dir, "nsd"), List.of(PeerZone.primary(
                Name.fromConstantString("parent.test."), text, null, List.of())), port);
        nsd.start();
        return nsd;
    }

    private static String ds(Path config, String zone) {
        Cli.Result r = Cli.run("dnssec", "ds", zone, "--config", config.toString());
        assertEquals(0, r.exit(), r.toString());
        String line = r.out().lines().filter(l -> l.contains("\tDS\t")).findFirst()
                .orElseThrow(() -> new AssertionError(r.toString()));
        return line.substring(line.indexOf("\tDS\t") + 4);
    }

    private static HttpResponse<String> get(Server s, String path) throws Exception {
        InetSocketAddress at = s.http().orElseThrow().address();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of {@code name{zone="..."}} in a Prometheus scrape, or null when absent. */
    private static String gauge(String scrape, String name, String zone) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{zone=\"" + Pattern.quote(zone) + "\"} (\\S+)$")
                .matcher(scrape);
        return m.find() ? m.group(1) : null;
    }
}
