package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.server.ReloadReporting;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.http.Readiness;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.Reloader;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code serve} lints each zone file on every reload as it does on the first load: with {@code --strict} a policy
 * error is an error (the last good version stays served and the failure is reported), without it a warning.
 */
class PolicyLintOnReloadTest {
    private static final Name NET = Name.fromConstantString("example.net.");

    @TempDir
    Path dir;

    @Test
    void strictReloadKeepsTheLastGoodVersionOfAZoneWithAPolicyError() throws Exception {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
        ZoneRegistry registry = new ZoneRegistry();
        ZoneReadiness readiness = new ZoneReadiness();
        try (XfrServices xfr = XfrServices.install(ServerConfig.empty(), registry, new QueryProcessor(registry))) {
            ReloadReporting reporting = new ReloadReporting(DnsMetrics.NOOP, readiness, xfr, true);
            Reloader reloader = new Reloader(dir, registry);
            reporting.install(reloader);
            reloader.reload();
            assertTrue(reloader.state().ok(), reloader.state().toString());

            // The story this project comes from: 0 issue "\000" is a policy error.
            zone(dir, "example.net", caa("@", 0, "issue", "\\u0000"));
            reloader.reload();

            String errors = reloader.state().failingFiles().values().toString();
            assertTrue(errors.contains("example.net.toml:") && errors.contains("policy error: issue \"\\000\""), errors);
            assertEquals("0 issue \"letsencrypt.org\"",
                    registry.current().zone(NET).rrset(NET, Type.CAA).first().rdataToString());
            Readiness.Status status = readiness.check();
            assertFalse(status.ready(), "a failing file is not ready, although its last good version is served");
            assertTrue(status.detail().contains("example.net.toml") && status.detail().contains("still served"),
                    status.detail());
        }
    }

    @Test
    void withoutStrictAPolicyErrorIsServedWithAWarning() throws Exception {
        zone(dir, "example.net", caa("@", 0, "issue", "letsencrypt.org"));
        ZoneRegistry registry = new ZoneRegistry();
        try (XfrServices xfr = XfrServices.install(ServerConfig.empty(), registry, new QueryProcessor(registry))) {
            ReloadReporting reporting = new ReloadReporting(DnsMetrics.NOOP, new ZoneReadiness(), xfr, false);
            Reloader reloader = new Reloader(dir, registry);
            reporting.install(reloader);
            reloader.reload();
            zone(dir, "example.net", caa("@", 0, "issue", "\\u0000"));
            reloader.reload();
            assertTrue(reloader.state().ok(), reloader.state().toString());
            assertFalse(registry.current().zone(NET).rrset(NET, Type.CAA).first().rdataToString()
                    .contains("letsencrypt"));
        }
    }
}
