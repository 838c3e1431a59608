package dev.tomldns.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs the daemon's stop action once, on SIGTERM (systemd stop, docker stop) or on any other JVM exit (SIGINT,
 * System.exit).
 *
 * <p>SIGTERM gets its own handler rather than the JVM's default: the default runs the shutdown hooks and then exits
 * with status 143, which systemd and Docker report as a failure. With the handler, the stop action runs, the
 * {@code serve} command returns normally and the process exits 0.
 */
final class GracefulShutdown {
    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private GracefulShutdown() {
    }

    /** Installs {@code stop} for SIGTERM and as a shutdown hook; whichever comes first runs it. */
    static void install(Runnable stop) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                stop.run();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(once, "tomldns-shutdown-hook"));
        try {
            Signal.handle(new Signal("TERM"), signal -> new Thread(once, "tomldns-sigterm").start());
        } catch (IllegalArgumentException e) {
            // No SIGTERM on this platform: the shutdown hook still stops the server.
            log.debug("no SIGTERM handler: {}", e.toString());
        }
    }
}
