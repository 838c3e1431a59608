package dev.tomldns.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Sets the root log level from the command line ({@code serve --log-level debug}). */
public final class LogLevel {

    private LogLevel() {
    }

    /**
     * @param name trace, debug, info, warn, error or off (any case)
     * @throws IllegalArgumentException for any other name, rather than logback's silent fallback to DEBUG
     */
    public static void setRoot(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        Level level = Level.toLevel(upper, null);
        if (level == null || !level.toString().equals(upper)) {
            throw new IllegalArgumentException("unknown log level '" + name
                    + "' (expected trace, debug, info, warn, error or off)");
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
    }
}
