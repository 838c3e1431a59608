package dev.tomldns.reload;

/**
 * Told of every zone a reload touched, after the new catalog is live. Register with
 * {@link Reloader#addListener}. Called on the reload thread, one event at a time; keep it quick (hand slow work
 * such as sending NOTIFY or computing IXFR differences to another thread).
 */
@FunctionalInterface
public interface ReloadListener {

    /** One zone (or one failing file) of a reload: see {@link ZoneReload} for what changed. */
    void reloaded(ZoneReload change);
}
