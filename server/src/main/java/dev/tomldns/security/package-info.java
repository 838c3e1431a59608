/**
 * TSIG keys (RFC 8945) and transfer ACLs by address, CIDR and key; the secure default is that nothing
 * may transfer.
 */
package dev.tomldns.security;
