package dev.tomldns.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * tomldns's logging, set up in code: one line per event to standard error, which systemd's journal and
 * {@code docker logs} both collect (they add their own timestamps, but a plain terminal run needs one too). The
 * root level is INFO; the serve option {@code --log-level} or the system property {@code tomldns.log.level}
 * changes it. Libraries log at WARN and above: their INFO and DEBUG output is for their own developers. Query
 * logging goes to the logger {@code tomldns.query}, off unless {@code --query-log-sample} turns it on.
 *
 * <p>In code rather than in a {@code logback.xml} because reading XML is a tenth of a second of a cold start on
 * one CPU. A configuration file given with {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on
 * the class path, still wins: this configurator then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return configureIgnoringTestFile(context);
    }

    /** The configuration itself, whatever files the class path holds. */
    ExecutionStatus configureIgnoringTestFile(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("tomldns.log.level"), Level.INFO));
        root.addAppender(stderr);
        for (String library : new String[] {"org.xbill.DNS", "io.netty", "io.micrometer"}) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
