package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Query logging is off by default and, when on, logs exactly one query in N; log levels are checked. */
class QueryLogSamplingTest {

    @Test
    void offLogsNothingAndOneInNLogsEveryNth() {
        for (int i = 0; i < 1000; i++) {
            assertFalse(QueryLog.OFF.sample());
            assertFalse(QueryLog.sampling(0).sample());
        }
        QueryLog every = QueryLog.sampling(1);
        QueryLog oneIn10 = QueryLog.sampling(10);
        int all = 0;
        int tenth = 0;
        for (int i = 0; i < 1000; i++) {
            all += every.sample() ? 1 : 0;
            tenth += oneIn10.sample() ? 1 : 0;
        }
        assertEquals(1000, all);
        assertEquals(100, tenth);
        assertThrows(IllegalArgumentException.class, () -> QueryLog.sampling(-1));
    }

    @Test
    void logLevelNamesAreCheckedNotGuessed() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            LogLevel.setRoot("debug");
            assertEquals(Level.DEBUG, root.getLevel());
            LogLevel.setRoot("WARN");
            assertEquals(Level.WARN, root.getLevel());
            assertThrows(IllegalArgumentException.class, () -> LogLevel.setRoot("verbose"));
            assertEquals(Level.WARN, root.getLevel());
        } finally {
            root.setLevel(before);
        }
    }
}
