/**
 * EDNS options the server answers (RFC 6891 §6.1.2): the name server identifier (NSID, RFC 5001) and DNS cookies
 * (RFC 7873, server cookies as RFC 9018 makes them interoperable between servers).
 */
package dev.tomldns.edns;
