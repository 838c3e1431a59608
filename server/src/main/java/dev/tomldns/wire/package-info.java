/**
 * Response encoding within the transport's size limit: EDNS(0) payload sizes (RFC 6891), truncation at
 * whole RRsets with TC (RFC 2181 §9), header-only replies; and the record types whose dnsjava form is not the RFC's
 * ({@link dev.tomldns.wire.Rfc8659CaaRecord}: a CAA tag in either case), installed for zone reading, storage and
 * lookups alike.
 */
package dev.tomldns.wire;
