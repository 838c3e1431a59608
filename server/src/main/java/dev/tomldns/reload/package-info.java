/**
 * Hot reload: the zones folder is watched (and SIGHUP / {@code tomldns reload} trigger it), changed files are
 * read and validated off the query path, and a whole new catalog is swapped in; managed serials (RFC 1982) and
 * NOTIFY after a serial change.
 */
package dev.tomldns.reload;
