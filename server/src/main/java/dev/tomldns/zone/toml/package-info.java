/**
 * Reading and validating zone files in the TOML format of {@code docs/zone-format.md}: a one-pass scanner reads files
 * in the usual shape record by record, jackson-dataformat-toml parses any other (with a small scanner for line
 * numbers), dnsjava parses RDATA; every error is {@code file:line: message}.
 */
package dev.tomldns.zone.toml;
