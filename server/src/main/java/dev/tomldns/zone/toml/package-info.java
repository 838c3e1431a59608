/**
 * Reading and validating zone files in the TOML format of {@code docs/zone-format.md}: jackson-dataformat-toml
 * parses, a small scanner supplies line numbers, dnsjava parses RDATA; every error is {@code file:line: message}.
 */
package dev.tomldns.zone.toml;
