/**
 * Dynamic update (RFC 2136): the UPDATE opcode's zone, prerequisite and update sections, who may change what
 * ({@link dev.tomldns.config.UpdateGrant}, read from the configuration), and the server-owned file of dynamic
 * records per zone ({@link dev.tomldns.update.DynamicRecords}) that makes each acknowledged change durable without
 * rewriting the user's zone file.
 */
package dev.tomldns.update;
