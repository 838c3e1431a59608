/**
 * Micrometer metrics with bounded tags: queries by transport, type, rcode and zone, latency, sizes, TCP
 * connections, reloads, serials, transfers and NOTIFYs.
 */
package dev.tomldns.metrics;
