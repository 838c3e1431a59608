package dev.tomldns.zone;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * An immutable set of zones, found by the longest origin that is a suffix of a name: when a parent and a child
 * zone are both ours, the child answers for its names (RFC 1034 §4.3.2 step 2: "the nearest ancestor").
 */
public final class Catalog {
    public static final Catalog EMPTY = new Catalog(Map.of());

    private final Map<Name, Zone> zones;
    /** The origins in wire form, found from a query's octets; {@link #byOrigin} holds the zone of each id. */
    private final OwnerTable origins;
    private final Zone[] byOrigin;

    private Catalog(Map<Name, Zone> zones) {
        this.zones = zones;
        this.origins = new OwnerTable(zones.size());
        this.byOrigin = new Zone[zones.size()];
        for (Zone z : zones.values()) {
            byOrigin[origins.add(z.origin().toWire())] = z;
        }
    }

    public static Catalog of(Collection<Zone> zones) {
        Map<Name, Zone> map = new HashMap<>();
        for (Zone z : zones) {
            map.put(z.origin(), z);
        }
        return new Catalog(Map.copyOf(map));
    }

    /** A new catalog with {@code zone} added or replacing the zone of the same origin. */
    public Catalog with(Zone zone) {
        Map<Name, Zone> map = new HashMap<>(zones);
        map.put(zone.origin(), zone);
        return new Catalog(Map.copyOf(map));
    }

    /** A new catalog without the zone of this origin. */
    public Catalog without(Name origin) {
        if (!zones.containsKey(origin)) {
            return this;
        }
        Map<Name, Zone> map = new HashMap<>(zones);
        map.remove(origin);
        return new Catalog(Map.copyOf(map));
    }

    /** The zone with exactly this origin, or {@code null}. */
    public Zone zone(Name origin) {
        return zones.get(origin);
    }

    public Collection<Zone> zones() {
        return zones.values();
    }

    public List<Name> origins() {
        return zones.keySet().stream().sorted().toList();
    }

    public int size() {
        return zones.size();
    }

    /** The most specific zone containing {@code name}, or {@code null} when the name is in none (REFUSED). */
    public Zone find(Name name) {
        return find(QueryName.of(name));
    }

    /**
     * The most specific zone containing the query's name, or {@code null}: the longest origin that is a suffix of
     * it, probed from the query's octets without allocating.
     */
    public Zone find(QueryName q) {
        for (int l = 0; l <= q.labels; l++) {
            int from = q.labelStart[l];
            int id = origins.find(q.name, from, q.length - from, q.suffixHash[l]);
            if (id >= 0) {
                return byOrigin[id];
            }
        }
        return null;
    }

    /**
     * The zone that answers a query. RFC 4035 §3.1.4.1: a DS query for a child apex is answered from the parent
     * side of the cut when we also serve the parent.
     */
    public Zone findFor(Name qname, int qtype) {
        Zone z = find(qname);
        if (z != null && qtype == Type.DS && z.origin().equals(qname) && qname.labels() > 1) {
            Zone parent = find(new Name(qname, 1));
            if (parent != null) {
                return parent;
            }
        }
        return z;
    }
}
