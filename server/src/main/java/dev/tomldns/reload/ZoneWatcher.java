package dev.tomldns.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the zone folder ({@link WatchService}: inotify on Linux) on its own thread and asks for a reload once
 * changes stop for a short quiet period, so an editor's write-rename-write, or a script writing in several chunks,
 * is one reload. Hidden files (editor swap files, the serial state file) and names not ending in {@code .toml}
 * (backups such as {@code x.toml~}) are not zone files and wake nothing. It tells when it saw the last change
 * ({@link System#nanoTime()}), so a reload that began after that, e.g. on the SIGHUP sent after the same edit,
 * already covers it. It follows the configured path, not the folder that path led to at start: a symlink switched to
 * another folder (as deploy tools do) is seen within a second and the new folder watched from then on.
 */
public final class ZoneWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZoneWatcher.class);
    /** However busy the folder, a reload starts at most this long after the first change. */
    private static final Duration MAX_DELAY = Duration.ofMillis(500);

    /** How often the configured path is resolved again, for a symlink switched where no event tells of it. */
    private static final Duration FOLLOW_CHECK = Duration.ofSeconds(1);

    /** The folder as configured (possibly a symlink, or below one). */
    private final Path dir;
    /** The real folder {@link #dir} led to when {@link #dirKey} was registered. */
    private Path watched;
    private WatchKey dirKey;
    private final WatchKey parentKey;
    private final Duration quiet;
    private final LongConsumer onChange;
    /** When the last change to a zone file was seen ({@link System#nanoTime()}); on the watcher thread only. */
    private long lastSeen;
    private final WatchService watch;
    private final Thread thread;

    /**
     * Starts watching.
     *
     * @param quiet    how long the folder must stay unchanged before {@code onChange} runs
     * @param onChange what to run, given when the last change was seen (on the watcher thread; it should only hand
     *                 the work on)
     */
    public ZoneWatcher(Path dir, Duration quiet, LongConsumer onChange) throws IOException {
        this.dir = dir;
        this.quiet = quiet;
        this.onChange = onChange;
        this.watch = dir.getFileSystem().newWatchService();
        this.watched = dir.toRealPath();
        this.dirKey = register(dir);
        this.parentKey = watchParent(dir);
        this.thread = new Thread(this::run, "tomldns-zone-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("watching {} for zone file changes", dir);
    }

    /**
     * The folder's own entry in its parent, where deploy tools switch a symlink (ln -sfn, or a rename over it), so
     * the switch is seen at once; {@code null} where the parent cannot be watched (the periodic check still sees it).
     */
    private WatchKey watchParent(Path folder) {
        Path parent = folder.toAbsolutePath().getParent();
        if (parent == null) {
            return null;
        }
        try {
            return parent.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot watch {}: {}", parent, e.toString());
            return null;
        }
    }

    private WatchKey register(Path folder) throws IOException {
        return folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.poll(FOLLOW_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                boolean changed = key == null ? followed() : relevant(key);
                if (!changed) {
                    continue;
                }
                debounce();
                onChange.accept(lastSeen);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close(): stop quietly.
        } catch (RuntimeException e) {
            log.error("zone watcher for {} stopped: {}; reload with SIGHUP or `tomldns reload`", dir, e.toString(), e);
        }
    }

    /**
     * Follows the configured path rather than the folder it led to at start: when it now leads to another folder (a
     * symlink switched to a new release, at the path's end or higher up), or the folder was removed and made again,
     * the new one is watched and a reload is due. Returns whether that happened.
     */
    private boolean followed() {
        Path now;
        try {
            now = dir.toRealPath();
        } catch (IOException e) {
            return false; // gone for the moment (a symlink being replaced): the next check looks again
        }
        if (now.equals(watched) && dirKey.isValid()) {
            return false;
        }
        try {
            WatchKey key = register(dir);
            if (key != dirKey) {
                dirKey.cancel();
            }
            dirKey = key;
        } catch (IOException e) {
            return false;
        }
        log.info("zones folder {} now leads to {} (was {}): watching it and reloading", dir, now, watched);
        watched = now;
        lastSeen = System.nanoTime();
        return true;
    }

    /** Waits until no event came for {@link #quiet}, or {@link #MAX_DELAY} passed since the first. */
    private void debounce() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_DELAY.toNanos();
        while (true) {
            long left = Math.min(quiet.toNanos(), deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
            if (key == null) {
                return;
            }
            relevant(key);
        }
    }

    /** Drains and resets a key; whether any of its events concerns a zone file. */
    private boolean relevant(WatchKey key) {
        if (key != dirKey) {
            key.pollEvents();
            key.reset();
            // The parent's entries (the folder's symlink replaced), or a folder no longer followed.
            return key == parentKey && followed();
        }
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                any = true; // events were lost: look at everything
                continue;
            }
            String name = event.context().toString();
            any |= name.endsWith(".toml") && !name.startsWith(".");
        }
        if (any) {
            lastSeen = System.nanoTime();
        }
        if (!key.reset() && !followed()) {
            log.warn("{} can no longer be watched (removed?); watching again once it is back", dir);
        }
        return any;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
