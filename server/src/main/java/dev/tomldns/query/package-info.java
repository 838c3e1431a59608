/**
 * From a parsed query to a response: the guards that map straight to an rcode (opcode, EDNS, class, meta
 * types), then the authoritative lookup (RFC 1034 §4.3.2) and the response sections.
 */
package dev.tomldns.query;
