package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tomldns.server.ReloadReporting;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.http.ZoneReadiness;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.reload.HotReload;
import dev.tomldns.reload.Reloader;
import dev.tomldns.xfr.XfrServices;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/** Loading zones runs the policy lint: findings are logged, and {@code --strict} keeps a bad zone from serving. */
class PolicyLintOnLoadTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Reloader.class);

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
        zone(dir, "example.net", caa("@", 0, "issue", "\\u0000"));
        zone(dir, "example.org", caa("@", 0, "issue", "letsencrypt.org"));
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    private boolean logged(Level level, String text) {
        synchronized (logs) { // the appender takes events under this lock, also from the reload thread
            return logs.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
        }
    }

    /** The first load, as {@code serve} does it: the reloader with the policy lint as its check. */
    private Catalog load(boolean strict) throws Exception {
        ZoneRegistry registry = new ZoneRegistry();
        try (XfrServices xfr = XfrServices.install(ServerConfig.empty(), registry, new QueryProcessor(registry))) {
            ReloadReporting reporting = new ReloadReporting(DnsMetrics.NOOP, new ZoneReadiness(), xfr, strict);
            Reloader reloader = new Reloader(dir, registry);
            reporting.install(reloader); // late checks run at the end of the reload, on its thread
            reloader.reload();
        }
        return registry.current();
    }

    @Test
    void lintErrorsAreLoggedAndTheZoneServedByDefault() throws Exception {
        Catalog catalog = load(false);
        assertNotNull(catalog.zone(Name.fromString("example.net.")));
        assertTrue(logged(Level.WARN, "example.net.toml"), () -> logs.list.toString());
        assertTrue(logged(Level.WARN, "policy error (zone served anyway; --strict refuses it): issue \"\\000\" is a NUL "
                + "octet"), () -> logs.list.toString());
        assertTrue(logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains("example.org.toml:")),
                () -> logs.list.toString());
    }

    @Test
    void strictRefusesTheZoneWithLintErrorsOnly() throws Exception {
        Catalog catalog = load(true);
        assertNull(catalog.zone(Name.fromString("example.net.")));
        assertNotNull(catalog.zone(Name.fromString("example.org.")));
        assertTrue(logged(Level.ERROR, "policy error: issue \"\\000\""), () -> logs.list.toString());
        assertEquals(1, catalog.size());
    }

    /**
     * As {@code serve} runs it: without {@code --strict} the lint never holds a zone back, so it does not delay the
     * first answer either. The zone is served before the lint has run, and the findings come once serving starts.
     */
    @Test
    void withoutStrictTheFirstLoadIsServedBeforeItsLintRuns() throws Exception {
        ZoneRegistry registry = new ZoneRegistry();
        try (XfrServices xfr = XfrServices.install(ServerConfig.empty(), registry, new QueryProcessor(registry))) {
            ReloadReporting reporting = new ReloadReporting(DnsMetrics.NOOP, new ZoneReadiness(), xfr, false);
            Reloader reloader = new Reloader(dir, registry);
            reporting.install(reloader);
            try (HotReload hot = HotReload.start(reloader, HotReload.DEFAULT_QUIET, false)) {
                assertNotNull(registry.current().zone(Name.fromString("example.net.")));
                Thread.sleep(200);
                assertFalse(logged(Level.WARN, "policy error"), "the lint waits until the server answers");
                hot.serving();
                WiredServer.await(10, () -> logged(Level.WARN, "policy error (zone served anyway; --strict refuses "
                        + "it): issue \"\\000\" is a NUL octet"), () -> logs.list.toString());
            }
        }
    }
}
