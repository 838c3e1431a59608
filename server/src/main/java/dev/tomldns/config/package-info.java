/**
 * The server configuration file (TOML, strict: unknown keys are errors naming the key and line): listen
 * addresses, zones folder, TSIG keys, transfer ACLs, also-notify targets, secondary zones and dynamic-update grants
 * ({@link dev.tomldns.config.UpdateGrant}).
 */
package dev.tomldns.config;
