/**
 * The server wired together ({@link dev.tomldns.server.Server}): what {@code tomldns serve} runs and the tests
 * start on port 0, with what it does around each reload ({@link dev.tomldns.server.ReloadReporting}) and each
 * secondary zone ({@link dev.tomldns.server.SecondaryReporting}), and the heap trim after loading.
 */
package dev.tomldns.server;
