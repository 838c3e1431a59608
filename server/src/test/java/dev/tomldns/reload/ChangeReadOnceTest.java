package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone change the watcher saw before a reload began is covered by that reload: an edit followed by SIGHUP (as
 * scripts and {@code tomldns reload} do) reads the folder once, not once per trigger; a change seen after a reload
 * began, or a request without a time (SIGHUP), still gets its own.
 */
class ChangeReadOnceTest {
    @TempDir
    Path dir;

    /** Waits (bounded) until the worker has nothing queued, then returns how many reloads ran. */
    private static long settledReloads(HotReload hot) throws InterruptedException {
        long seen = -1;
        for (int i = 0; i < 100; i++) {
            Thread.sleep(50);
            long now = hot.reloader().state().reloads();
            if (now == seen) {
                return now;
            }
            seen = now;
        }
        throw new AssertionError("reloads never settled");
    }

    @Test
    void aChangeSeenBeforeAReloadBeganBringsNoSecondOne() throws Exception {
        LiveServer.exampleZonesIn(dir);
        // A watcher whose quiet time outlasts the test: only the requests made here reload.
        try (HotReload hot = HotReload.start(new Reloader(dir, new ZoneRegistry()), Duration.ofHours(1), false)) {
            long first = hot.reloader().state().reloads();
            long seenBefore = System.nanoTime();
            hot.requestReload(); // SIGHUP: always runs
            assertEquals(first + 1, settledReloads(hot));

            hot.requestReload(seenBefore); // the watcher's report of the change that reload read
            assertEquals(first + 1, settledReloads(hot), "a second reload for a change already read");

            hot.requestReload(System.nanoTime()); // a change seen after it began
            assertEquals(first + 2, settledReloads(hot));

            hot.requestReload(); // SIGHUP again: runs even with nothing new seen
            assertEquals(first + 3, settledReloads(hot));
        }
    }
}
