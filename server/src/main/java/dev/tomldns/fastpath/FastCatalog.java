package dev.tomldns.fastpath;

import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The fast path's view of one {@link Catalog}: its zones' {@link FastZone}s, found by the longest origin that is a
 * suffix of the query name (RFC 1034 §4.3.2 step 2), like {@link Catalog#find}.
 */
final class FastCatalog {
    static final FastCatalog NONE = new FastCatalog(null, new FastZone[0]);

    /** The catalog this view was built from; the fast path is used only while it is the registry's current one. */
    final Catalog catalog;
    private final FastZone[] zones;
    private final WireNameTable origins;

    private FastCatalog(Catalog catalog, FastZone[] zones) {
        this.catalog = catalog;
        this.zones = zones;
        this.origins = new WireNameTable(zones.length);
        for (FastZone z : zones) {
            origins.add(z.zone.origin().toWireCanonical());
        }
    }

    /** Builds the view, reusing the {@link FastZone} of every zone instance that {@code previous} already had. */
    static FastCatalog of(Catalog catalog, FastCatalog previous) {
        Map<Zone, FastZone> reuse = new IdentityHashMap<>();
        for (FastZone z : previous.zones) {
            reuse.put(z.zone, z);
        }
        FastZone[] zones = new FastZone[catalog.size()];
        int i = 0;
        for (Zone z : catalog.zones()) {
            FastZone existing = reuse.get(z);
            zones[i++] = existing != null ? existing : FastZone.of(z);
        }
        // Table ids follow insertion order, which is the order of the array.
        return new FastCatalog(catalog, zones);
    }

    /** The most specific zone whose origin is a suffix of the query's name, or {@code null}. */
    FastZone zoneFor(WireQuery q) {
        for (int l = 0; l <= q.labels; l++) {
            int from = q.labelStart[l];
            int id = origins.find(q.name, from, q.nameLength - from, q.suffixHash[l]);
            if (id >= 0) {
                return zones[id];
            }
        }
        return null;
    }
}
