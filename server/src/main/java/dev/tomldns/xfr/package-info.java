/**
 * Zone transfers: AXFR (RFC 5936) and IXFR (RFC 1995) out, secondary zones in (IXFR with AXFR fallback, SOA
 * timers, persistence), NOTIFY (RFC 1996) in and out, TSIG-signed messages.
 */
package dev.tomldns.xfr;
