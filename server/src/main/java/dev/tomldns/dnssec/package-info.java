/**
 * Serving a signed zone (RFC 4033-4035, RFC 5155): the denial-of-existence proofs an authoritative server adds to
 * answers for DO=1 queries, built once per zone version from the NSEC or NSEC3 records the zone holds. Nothing here
 * signs or validates: the signer signed, the resolver validates, the server hands over what the zone holds.
 */
package dev.tomldns.dnssec;
