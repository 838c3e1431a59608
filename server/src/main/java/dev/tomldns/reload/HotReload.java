package dev.tomldns.reload;

import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload as {@code serve} runs it: the first load, then a reload on each change the {@link ZoneWatcher} sees,
 * on SIGHUP ({@link HangupSignal}, sent by {@code tomldns reload}) and on {@link #requestReload()}. Reloads run one
 * at a time on their own thread, and a request that comes while one is queued joins it. A change the watcher saw
 * before a reload began is covered by that reload: it brings no second one (an edit followed by SIGHUP, as scripts
 * and `tomldns reload` do, reads a large zone once, not twice). NOTIFY after a serial change
 * is a listener's job ({@code serve} hands each change to the transfer services' NotifySender).
 */
public final class HotReload implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotReload.class);
    /** Long enough to join an editor's write-rename-write, short enough to stay well under a second. */
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(50);

    private final Reloader reloader;
    private final ExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** A reload is scheduled for the end of a vanished file's grace period. */
    private final AtomicBoolean graceTimer = new AtomicBoolean();
    /**
     * The latest time ({@link System#nanoTime()}) at which a queued request's change was seen: the queued run is needed
     * only if no reload has begun since. {@link #ALWAYS} for SIGHUP and {@link #requestReload()}.
     */
    private final AtomicLong changedAt = new AtomicLong(Long.MIN_VALUE);
    private static final long ALWAYS = Long.MAX_VALUE;
    /** When the latest reload on the worker began ({@link System#nanoTime()}); on the worker thread only. */
    private long lastBegan = Long.MIN_VALUE;
    private ZoneWatcher watcher;
    /** Late checks (see {@link Reloader#setLateCheck}) wait here until {@link #serving()}. */
    private final List<Runnable> held = new ArrayList<>();
    private boolean serving;
    private Runnable afterLate = () -> { };

    private HotReload(Reloader reloader) {
        this.reloader = reloader;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tomldns-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the folder into {@code registry}, then watches it and listens for SIGHUP. */
    public static HotReload start(Path zonesDir, ZoneRegistry registry) {
        return start(new Reloader(zonesDir, registry), DEFAULT_QUIET, true);
    }

    /**
     * Loads once, then starts the triggers.
     *
     * @param quiet  the watcher's debounce
     * @param hangup whether SIGHUP triggers a reload (one handler per JVM: the last installed wins)
     */
    public static HotReload start(Reloader reloader, Duration quiet, boolean hangup) {
        return start(reloader, quiet, hangup, true);
    }

    /**
     * As {@link #start(Reloader, Duration, boolean)}; with {@code watch} false the folder is not watched, so only
     * SIGHUP, {@link #requestReload()} and {@link #reloadNow()} bring changes in (for tests that must see each
     * change arrive by the way they test).
     */
    public static HotReload start(Reloader reloader, Duration quiet, boolean hangup, boolean watch) {
        HotReload hot = new HotReload(reloader);
        // The late checks run on the reload thread, between reloads, once serve has said it answers.
        reloader.setLateRunner(hot::late);
        // Watch first, then load: a change made while the first load reads the folder still brings a reload.
        try {
            hot.watcher = !watch ? null : new ZoneWatcher(reloader.zonesDir(), quiet, hot::requestReload);
        } catch (IOException e) {
            // Serving matters more than watching (inotify limits can be reached on a busy host).
            log.error("cannot watch {} ({}); zone changes need SIGHUP or `tomldns reload`", reloader.zonesDir(),
                    e.toString());
        }
        reloader.reload();
        if (hangup) {
            HangupSignal.install(hot::requestReload);
        }
        return hot;
    }

    /**
     * Says the server answers now: the late checks of the first load, held until here so that they do not delay the
     * first answer, start, and later ones run as soon as their reload ends.
     */
    public synchronized void serving() {
        serving(() -> { }, () -> { });
    }

    /**
     * As {@link #serving()}; {@code first} runs on the reload thread once the held checks are done, and
     * {@code later} after each later reload's checks (both: where the memory those checks held can be given back).
     */
    public synchronized void serving(Runnable first, Runnable later) {
        serving = true;
        afterLate = later;
        held.forEach(this::submit);
        held.clear();
        submit(first);
    }

    private synchronized void late(Runnable task) {
        if (serving) {
            Runnable after = afterLate;
            submit(() -> {
                task.run();
                after.run();
            });
        } else {
            held.add(task);
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("check after close ignored");
        }
    }

    public Reloader reloader() {
        return reloader;
    }

    /** Queues a reload unless one is already waiting to start; returns at once. */
    public void requestReload() {
        requestReload(ALWAYS);
    }

    /**
     * Queues a reload for a change seen at {@code seenAt} ({@link System#nanoTime()}) unless one is already waiting to
     * start; when its turn comes it is skipped if a reload began after {@code seenAt} (that one read the change).
     */
    void requestReload(long seenAt) {
        changedAt.accumulateAndGet(seenAt, Math::max);
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.set(false); // changes from here on need another run
                // Requests that come after this take their times along too: this run, beginning now, covers them.
                long seen = changedAt.getAndSet(Long.MIN_VALUE);
                if (seen != ALWAYS && lastBegan > seen) {
                    log.debug("zone change already read by the reload that began after it");
                    return;
                }
                lastBegan = System.nanoTime();
                reloader.reload();
                scheduleGraceEnd();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.set(false);
            log.debug("reload after close ignored");
        }
    }

    /**
     * Runs a reload now (after any already queued), whatever the watcher saw, and completes with what it left
     * served: {@code tomldns reload} waits for this over the {@link ControlSocket}.
     */
    public CompletableFuture<ReloadReport> reloadNow() {
        CompletableFuture<ReloadReport> done = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    lastBegan = System.nanoTime();
                    done.complete(reloader.reloadAndReport());
                    scheduleGraceEnd();
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.completeExceptionally(e); // shutting down
        }
        return done;
    }

    /** When a vanished file's grace period runs ({@link Reloader#graceLeft()}), a reload at its end removes its zone. */
    private void scheduleGraceEnd() {
        reloader.graceLeft().ifPresent(left -> {
            if (graceTimer.compareAndSet(false, true)) {
                CompletableFuture.delayedExecutor(left.toMillis() + 10, TimeUnit.MILLISECONDS).execute(() -> {
                    graceTimer.set(false);
                    requestReload();
                });
            }
        });
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
