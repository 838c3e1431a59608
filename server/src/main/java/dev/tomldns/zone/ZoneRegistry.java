package dev.tomldns.zone;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Holds the catalog being served. Queries read it once with {@link #current()} and use that snapshot to the end;
 * reload, transfer and refresh build a new catalog off the event loop and {@link #update swap} it in.
 */
public final class ZoneRegistry {
    private final AtomicReference<Catalog> current = new AtomicReference<>(Catalog.EMPTY);

    public Catalog current() {
        return current.get();
    }

    public void set(Catalog catalog) {
        current.set(catalog);
    }

    /** Atomically replaces the catalog with {@code change(current)}; safe against concurrent updaters. */
    public Catalog update(UnaryOperator<Catalog> change) {
        return current.updateAndGet(change);
    }
}
