/**
 * Immutable zones in an immutable {@link dev.tomldns.zone.Catalog}, found by longest match; the lookup of
 * RFC 1034 §4.3.2 with RFC 4592 wildcards as a sealed {@link dev.tomldns.zone.LookupResult}; the
 * {@link dev.tomldns.zone.ZoneRegistry} holding the catalog being served.
 */
package dev.tomldns.zone;
