package dev.tomldns.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP means "reload the zones", as for named and nsd. Without a handler the JVM would treat SIGHUP as a request
 * to shut down. {@code sun.misc.Signal} is in the {@code jdk.unsupported} module, which every JDK 17 exports.
 */
public final class HangupSignal {
    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /** Runs {@code action} on each SIGHUP; returns false where the platform has no SIGHUP (Windows). */
    public static boolean install(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), s -> {
                log.info("SIGHUP: reloading zones");
                action.run();
            });
            return true;
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available here ({}); zone changes are still picked up by the watcher",
                    e.getMessage());
            return false;
        }
    }
}
