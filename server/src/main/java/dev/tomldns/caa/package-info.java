/**
 * RFC 8659 certification-authority authorization: the relevant-RRset search a CA performs and the issuance
 * decision, read as the RFC says and as Let's Encrypt's boulder actually does ({@code tomldns caa}).
 */
package dev.tomldns.caa;
