package dev.tomldns.zone;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * An immutable set of zones, found by the longest origin that is a suffix of a name: when a parent and a child
 * zone are both ours, the child answers for its names (RFC 1034 §4.3.2 step 2: "the nearest ancestor"). A secondary
 * zone whose copy expired (RFC 1034 §4.3.5) stays in the snapshot as an origin without a zone: its names are found
 * by no zone (the parent's included) and answered SERVFAIL ({@link #expiredFor}).
 */
public final class Catalog {
    public static final Catalog EMPTY = new Catalog(Map.of(), Set.of());

    private final Map<Name, Zone> zones;
    /** Origins of expired secondary zones, served by no zone. */
    private final Set<Name> expired;
    /** The origins in wire form, found from a query's octets; {@link #byOrigin} holds the zone of each id. */
    private final OwnerTable origins;
    private final Zone[] byOrigin;

    private Catalog(Map<Name, Zone> zones, Set<Name> expired) {
        this.zones = zones;
        this.expired = expired;
        this.origins = new OwnerTable(zones.size() + expired.size());
        this.byOrigin = new Zone[zones.size() + expired.size()];
        for (Zone z : zones.values()) {
            byOrigin[origins.add(z.origin().toWire())] = z;
        }
        for (Name origin : expired) {
            origins.add(origin.toWire()); // no zone: see find
        }
    }

    public static Catalog of(Collection<Zone> zones) {
        Map<Name, Zone> map = new HashMap<>();
        for (Zone z : zones) {
            map.put(z.origin(), z);
        }
        return new Catalog(Map.copyOf(map), Set.of());
    }

    /** A new catalog with {@code zone} added or replacing the zone of the same origin (expired or not). */
    public Catalog with(Zone zone) {
        Map<Name, Zone> map = new HashMap<>(zones);
        map.put(zone.origin(), zone);
        return new Catalog(Map.copyOf(map), without(expired, zone.origin()));
    }

    /** A new catalog without the zone of this origin, expired or not. */
    public Catalog without(Name origin) {
        if (!zones.containsKey(origin) && !expired.contains(origin)) {
            return this;
        }
        Map<Name, Zone> map = new HashMap<>(zones);
        map.remove(origin);
        return new Catalog(Map.copyOf(map), without(expired, origin));
    }

    /**
     * A new catalog without the zones of {@code remove} and with the zones of {@code put} added or replacing those
     * of the same origin, in one step (a reload of many files); expired origins stay expired unless a zone of
     * theirs is put.
     */
    public Catalog change(Collection<Name> remove, Collection<Zone> put) {
        Map<Name, Zone> map = new HashMap<>(zones);
        Set<Name> gone = new HashSet<>(expired);
        for (Name origin : remove) {
            map.remove(origin);
            gone.remove(origin);
        }
        for (Zone z : put) {
            map.put(z.origin(), z);
            gone.remove(z.origin());
        }
        return new Catalog(Map.copyOf(map), Set.copyOf(gone));
    }

    /**
     * RFC 1034 §4.3.5: a new catalog in which the zone of this origin is expired, so its names get SERVFAIL until
     * a refresh brings the zone back with {@link #with}.
     */
    public Catalog expire(Name origin) {
        if (expired.contains(origin)) {
            return this;
        }
        Map<Name, Zone> map = new HashMap<>(zones);
        map.remove(origin);
        Set<Name> gone = new HashSet<>(expired);
        gone.add(origin);
        return new Catalog(Map.copyOf(map), Set.copyOf(gone));
    }

    private static Set<Name> without(Set<Name> set, Name origin) {
        if (!set.contains(origin)) {
            return set;
        }
        Set<Name> out = new HashSet<>(set);
        out.remove(origin);
        return Set.copyOf(out);
    }

    /** Origins of the expired zones. */
    public Set<Name> expired() {
        return expired;
    }

    /** Whether the most specific origin holding {@code name} is that of an expired zone (answered SERVFAIL). */
    public boolean expiredFor(Name name) {
        if (expired.isEmpty()) {
            return false;
        }
        QueryName q = QueryName.of(name);
        for (int l = 0; l <= q.labels; l++) {
            int from = q.labelStart[l];
            int id = origins.find(q.name, from, q.length - from, q.suffixHash[l]);
            if (id >= 0) {
                return byOrigin[id] == null;
            }
        }
        return false;
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
     * it, probed from the query's octets without allocating. {@code null} too when that origin's zone expired.
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
        return findFor(QueryName.of(qname), qname, qtype);
    }

    /**
     * As {@link #findFor(Name, int)}, from the query's name already read ({@code q} is {@code qname}'s): the lookup
     * that follows probes the zone with the same {@code q}, so a query reads its name once.
     */
    public Zone findFor(QueryName q, Name qname, int qtype) {
        Zone z = find(q);
        if (z != null && qtype == Type.DS && z.origin().equals(qname) && qname.labels() > 1) {
            Zone parent = find(new Name(qname, 1));
            if (parent != null) {
                return parent;
            }
        }
        return z;
    }
}
