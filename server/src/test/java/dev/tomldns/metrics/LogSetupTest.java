package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/**
 * The served process's logging, set up in code (no logback.xml): one line per event on standard error in the
 * documented pattern, INFO unless {@code tomldns.log.level} says otherwise, libraries at WARN. The test class path
 * has a logback-test.xml, so the configurator is asked to step aside there; here it is run on a fresh context.
 */
class LogSetupTest {
    private static LoggerContext configured(String level) {
        String before = System.getProperty("tomldns.log.level");
        try {
            if (level != null) {
                System.setProperty("tomldns.log.level", level);
            }
            // logback-test.xml is on this class path, which would make configure() step aside.
            return run(new LoggerContext());
        } finally {
            if (before == null) {
                System.clearProperty("tomldns.log.level");
            } else {
                System.setProperty("tomldns.log.level", before);
            }
        }
    }

    private static LoggerContext run(LoggerContext context) {
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        setup.configureIgnoringTestFile(context);
        return context;
    }

    @Test
    void oneLinePerEventOnStandardErrorAtInfo() {
        LoggerContext context = configured(null);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        assertEquals(LogSetup.PATTERN, ((PatternLayoutEncoder) stderr.getEncoder()).getPattern());
        assertTrue(stderr.isStarted());
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.xbill.DNS").getLevel());
    }

    @Test
    void theSystemPropertySetsTheLevel() {
        assertEquals(Level.DEBUG, configured("debug").getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }
}
