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

    /**
     * Runs {@code action} on each SIGHUP; returns false where the platform has no SIGHUP (Windows) or this process
     * ignores it (see {@link #ignoredBy}).
     */
    public static boolean install(Runnable action) {
        if (ignoredBy(ProcessHandle.current().pid()).orElse(false)) {
            // A process started with SIGHUP ignored (nohup does that) keeps it ignored: the JVM installs no handler
            // for an ignored SIGHUP, so kill -HUP would silently do nothing.
            log.warn("SIGHUP is ignored by this process (started under nohup or with SIGHUP ignored), so SIGHUP "
                    + "does not reload the zones: `tomldns reload` asks over the control socket instead, and "
                    + "edited files are picked up by the watcher");
            return false;
        }
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

    /**
     * Whether process {@code pid} ignores SIGHUP: bit 0 (signal 1) of {@code SigIgn} in {@code /proc/PID/status}, a
     * hexadecimal mask. Empty where that cannot be read (not Linux, the process is gone).
     */
    public static java.util.Optional<Boolean> ignoredBy(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid),
                    "status"))) {
                if (line.startsWith("SigIgn:")) {
                    String mask = line.substring(7).trim();
                    int last = Character.digit(mask.charAt(mask.length() - 1), 16);
                    return java.util.Optional.of((last & 1) != 0);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc here, or the process is gone
        }
        return java.util.Optional.empty();
    }
}
