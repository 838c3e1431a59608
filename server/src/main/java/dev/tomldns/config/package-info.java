/**
 * The server configuration file (TOML, strict: unknown keys are errors naming the key and line): listen
 * addresses, zones folder, TSIG keys, transfer ACLs, also-notify targets and secondary zones.
 */
package dev.tomldns.config;
