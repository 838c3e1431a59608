/**
 * The cheap common case of the query path: header and question read straight from the datagram, answers
 * encoded once per (name, type) by the reference path and patched per query. Anything unusual falls back to
 * {@link dev.tomldns.query.QueryProcessor}, which stays the reference the tests compare against.
 */
package dev.tomldns.fastpath;
