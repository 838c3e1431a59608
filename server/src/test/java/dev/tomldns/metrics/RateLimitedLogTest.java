package dev.tomldns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** At most N lines of a kind per window; the next window starts with one line saying exactly how many were left out. */
class RateLimitedLogTest {
    @Test
    void linesOverTheWindowsBudgetAreCountedAndReportedInTheNextWindow() throws Exception {
        try (LogCapture capture = new LogCapture(RateLimitedLogTest.class)) {
            RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), "refused thing",
                    3, Duration.ofMillis(300));
            for (int i = 0; i < 1000; i++) {
                log.info("line {}", i);
            }
            assertEquals(List.of("INFO line 0", "INFO line 1", "INFO line 2"), capture.lines());
            Thread.sleep(350);
            log.info("line {}", "later");
            List<String> lines = capture.lines();
            assertEquals(5, lines.size(), lines.toString());
            assertEquals("INFO refused thing: 997 more line(s) suppressed (at most 3 per 0.3 s are logged; the metrics "
                    + "count every one)", lines.get(3));
            assertEquals("INFO line later", lines.get(4));
        }
    }
}
