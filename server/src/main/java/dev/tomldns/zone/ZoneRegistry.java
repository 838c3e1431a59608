package dev.tomldns.zone;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the catalog being served. Queries read it once with {@link #current()} and use that snapshot to the end;
 * reload, transfer and refresh build a new catalog off the event loop and {@link #update swap} it in.
 */
public final class ZoneRegistry {
    private final AtomicReference<Catalog> current = new AtomicReference<>(Catalog.EMPTY);
    private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();

    public Catalog current() {
        return current.get();
    }

    public void set(Catalog catalog) {
        current.set(catalog);
        published(catalog);
    }

    /** Atomically replaces the catalog with {@code change(current)}; safe against concurrent updaters. */
    public Catalog update(UnaryOperator<Catalog> change) {
        Catalog catalog = current.updateAndGet(change);
        published(catalog);
        return catalog;
    }

    /**
     * Calls {@code listener} in the updater's thread after every swap, with the catalog just set (which may already
     * have been replaced again by a concurrent updater). Used to derive per-catalog data, such as the fast path's
     * index, off the event loops.
     */
    public void addListener(Consumer<Catalog> listener) {
        listeners.add(listener);
    }

    private void published(Catalog catalog) {
        for (Consumer<Catalog> l : listeners) {
            l.accept(catalog);
        }
    }
}
