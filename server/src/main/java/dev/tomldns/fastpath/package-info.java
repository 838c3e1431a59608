/**
 * The answer cache, the cheap common case of the query path: header and question read straight from the datagram,
 * the zone's one lookup ({@link dev.tomldns.zone.Zone#locate}) run on the query's octets, and answers encoded once
 * per (zone version, name, type) by {@link dev.tomldns.query.QueryProcessor} and patched per query. Anything
 * unusual is answered by the processor, which the tests compare the cache against.
 */
package dev.tomldns.fastpath;
