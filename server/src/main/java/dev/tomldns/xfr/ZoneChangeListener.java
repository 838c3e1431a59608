package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
/**
 * Told when a zone's served version is replaced (reload of a TOML zone, refresh of a secondary), so
 * the IXFR journal can record the difference and NOTIFY can go out. The hot-reload code calls it
 * after swapping the catalog.
 */
@FunctionalInterface
public interface ZoneChangeListener {
    /**
     * @param older the version served before, or null for a zone that is new
     * @param newer the version served now, or null for a zone that was removed
     */
    void zoneChanged(Zone older, Zone newer);
}
