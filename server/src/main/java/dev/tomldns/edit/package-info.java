/**
 * Editing zone files: {@code import} (RFC 1035 master file or a live AXFR to TOML), {@code export} (TOML to an RFC
 * 1035 master file) and {@code fmt} (one canonical TOML layout that keeps comments). Every command checks its own
 * output against its input, RRset for RRset, and refuses to write what would change what is served.
 */
package dev.tomldns.edit;
