/**
 * Response rate limiting (RRL, after Vixie and Schryver, as BIND and Knot implement it): UDP responses counted
 * per client prefix and response kind in token buckets of a fixed-size table; over the limit a response is
 * dropped, or every Nth "slips" out truncated so a real resolver retries over TCP, which is never limited.
 */
package dev.tomldns.rrl;
