/**
 * Response encoding within the transport's size limit: EDNS(0) payload sizes (RFC 6891), truncation at
 * whole RRsets with TC (RFC 2181 §9), header-only replies.
 */
package dev.tomldns.wire;
